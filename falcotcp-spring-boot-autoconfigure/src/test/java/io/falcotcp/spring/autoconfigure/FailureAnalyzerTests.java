package io.falcotcp.spring.autoconfigure;

import io.falcotcp.server.FalcoServerStartException;
import io.falcotcp.spring.handler.InvalidFalcoHandlerException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class FailureAnalyzerTests {

    @Test
    void invalidKeyAnalysisNamesThePropertyAndHowToGenerateAKey() {
        InvalidFalcoKeyException failure = new InvalidFalcoKeyException("falco.server.key", "no key is configured");
        FailureAnalysis analysis = new InvalidFalcoKeyFailureAnalyzer().analyze(new IllegalStateException(failure));
        assertThat(analysis.getDescription()).contains("falco.server.key: no key is configured");
        assertThat(analysis.getAction()).contains("Set falco.server.key").contains("openssl rand -base64 32");
    }

    @Test
    void invalidHandlerAnalysisNamesTheMethodAndTheAllowedSignatures() {
        InvalidFalcoHandlerException failure = new InvalidFalcoHandlerException(
                "Two @FalcoHandler methods declare route 'orders.create': A#create(Order) and B#create(Order)");
        FailureAnalysis analysis = new InvalidFalcoHandlerFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).contains("A#create(Order) and B#create(Order)");
        assertThat(analysis.getAction()).contains("at most one body").contains("belongs to one method");
    }

    @Test
    void serverStartAnalysisSuggestsAnotherPort() {
        FalcoServerStartException failure = new FalcoServerStartException("port 7878 on 0.0.0.0 is already in use",
                new java.net.BindException("Address already in use"));
        FailureAnalysis analysis = new FalcoServerStartFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).contains("port 7878 on 0.0.0.0 is already in use");
        assertThat(analysis.getAction()).contains("falco.server.port");
    }

}
