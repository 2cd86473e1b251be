package io.falcotcp.spring.handler;

import java.util.concurrent.CompletionException;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a failure on the way to a handler method or in it (its interceptors' included): as the method's
 * {@link FalcoHandlerExceptionResolver} maps it (a {@link FalcoRequestException} as it is), else, logged at WARN, a
 * {@link RequestStatus#HANDLER_ERROR} with a generic message that carries the failure as its cause, never sent.
 */
final class HandlerFailures {

    private static final Logger logger = LoggerFactory.getLogger(HandlerFailures.class);

    private HandlerFailures() {
    }

    static FalcoRequestException answer(Throwable failure, FalcoHandlerMethod handlerMethod,
            RequestContext context) {
        Throwable cause = unwrap(failure);
        String route = context.route();
        FalcoRequestException answer = handlerMethod.getExceptionResolver().resolve(cause, context);
        if (answer != null) {
            if (answer != cause && logger.isDebugEnabled()) {
                logger.debug("FalcoTCP handler {} failed on route {} (connection {}), answered {}", handlerMethod,
                        (route != null) ? "'" + route + "'" : "default", context.connectionId(), answer.getStatus(),
                        cause);
            }
            return answer;
        }
        logger.warn("FalcoTCP handler {} failed on route {} (connection {})", handlerMethod,
                (route != null) ? "'" + route + "'" : "default", context.connectionId(), cause);
        return new FalcoRequestException(RequestStatus.HANDLER_ERROR, "the handler failed", cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

}
