package io.falcotcp.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a missing or unusable FalcoTCP key at start-up and how to make one.
 */
class InvalidFalcoKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidFalcoKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidFalcoKeyException cause) {
        return new FailureAnalysis("The FalcoTCP key is not usable. " + cause.getMessage(),
                "Set " + cause.getProperty() + " to a 32-byte key in base64 or hex. Generate one with:\n\n"
                        + "    openssl rand -base64 32\n\nKeep it out of source control: pass it through an "
                        + "environment variable (e.g. FALCO_SERVER_KEY) or a key file.",
                cause);
    }

}
