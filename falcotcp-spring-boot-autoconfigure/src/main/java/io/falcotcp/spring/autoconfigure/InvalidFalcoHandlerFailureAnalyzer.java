package io.falcotcp.spring.autoconfigure;

import io.falcotcp.spring.handler.InvalidFalcoHandlerException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@code @FalcoHandler} or {@code @FalcoExceptionHandler} method that cannot be used, and what signatures
 * and routes are allowed.
 */
class InvalidFalcoHandlerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidFalcoHandlerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidFalcoHandlerException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "A @FalcoHandler method takes at most one body (byte[], ByteBuffer, String or a type read as JSON) "
                        + "and optionally a RequestContext, and returns byte[], ByteBuffer, String, a type written "
                        + "as JSON, void, or a CompletionStage of them; a body annotated @Valid needs a Bean "
                        + "Validation provider. Each route, and the default handler (@FalcoHandler without a route), "
                        + "belongs to one method, and placeholders in routes need a value. A @FalcoExceptionHandler "
                        + "method takes the exception and optionally a RequestContext, and returns void, String or "
                        + "FalcoRequestException.",
                cause);
    }

}
