package io.falcotcp.spring.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import io.falcotcp.spring.handler.exception.FalcoExceptionHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the failure of a handler method (or of an interceptor on its way) into the answer its client receives: a
 * {@link FalcoRequestException} as it is, any other exception as the first {@link FalcoExceptionHandler} in order
 * maps it, or not at all ({@code null}), which the {@link FalcoHandlerRouter} answers with a generic
 * {@code HANDLER_ERROR}. Each handler
 * method has its own resolver: the {@code @FalcoExceptionHandler} methods of its class, then the application's
 * exception handlers and advice beans in their order.
 */
public final class FalcoHandlerExceptionResolver {

    /** Maps no exception: every failure but a {@link FalcoRequestException} is a generic handler error. */
    public static final FalcoHandlerExceptionResolver NONE = new FalcoHandlerExceptionResolver(List.of());

    private static final Logger logger = LoggerFactory.getLogger(FalcoHandlerExceptionResolver.class);

    private final List<FalcoExceptionHandler> handlers;

    /**
     * Creates a resolver.
     * @param handlers the exception handlers, in the order they are asked
     */
    public FalcoHandlerExceptionResolver(List<? extends FalcoExceptionHandler> handlers) {
        this.handlers = List.copyOf(Objects.requireNonNull(handlers, "handlers must not be null"));
    }

    /**
     * A resolver that asks a handler first, then these.
     * @param first the handler to ask first
     * @return the resolver
     */
    public FalcoHandlerExceptionResolver askingFirst(FalcoExceptionHandler first) {
        List<FalcoExceptionHandler> handlers = new ArrayList<>(this.handlers.size() + 1);
        handlers.add(Objects.requireNonNull(first, "first must not be null"));
        handlers.addAll(this.handlers);
        return new FalcoHandlerExceptionResolver(handlers);
    }

    /**
     * The answer to a failure.
     * @param failure what the handler method threw or its stage failed with
     * @param context the request's context
     * @return the answer, or {@code null} when no exception handler maps the failure (or the one that did failed
     * itself, which is logged)
     */
    public @Nullable FalcoRequestException resolve(Throwable failure, RequestContext context) {
        if (failure instanceof FalcoRequestException refusal) {
            return refusal;
        }
        for (FalcoExceptionHandler handler : this.handlers) {
            FalcoRequestException answer;
            try {
                answer = handler.handleException(failure, context);
            }
            catch (RuntimeException ex) {
                ex.addSuppressed(failure);
                logger.warn("FalcoTCP exception handler {} failed (connection {})", handler, context.connectionId(),
                        ex);
                return null;
            }
            if (answer != null) {
                return answer;
            }
        }
        return null;
    }

}
