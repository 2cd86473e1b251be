package io.falcotcp.spring.autoconfigure;

import io.falcotcp.server.FalcoServerStartException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a FalcoTCP server that could not start, typically because its port is in use.
 */
class FalcoServerStartFailureAnalyzer extends AbstractFailureAnalyzer<FalcoServerStartException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FalcoServerStartException cause) {
        return new FailureAnalysis("The FalcoTCP server failed to start: " + cause.getMessage(),
                "Stop the process that holds the port, or set falco.server.port to another port "
                        + "(0 picks a free one) and falco.server.host to an address of this machine.",
                cause);
    }

}
