package io.falcotcp.spring.handler;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.AsyncRequestHandler;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import io.falcotcp.spring.handler.interceptor.FalcoServerInterceptor;
import io.falcotcp.spring.handler.interceptor.FalcoServerInterceptorChain;
import io.falcotcp.spring.handler.interceptor.FalcoServerRequest;
import org.jspecify.annotations.Nullable;

/**
 * The handler the server runs when the application declares {@link FalcoHandler} methods: it routes each request to
 * the method of its route in the {@link FalcoHandlerRegistry} (plain v1 requests, which name none, to the default
 * handler), through the {@link FalcoServerInterceptor}s, and answers failures with statuses: an unknown route is
 * {@link RequestStatus#UNKNOWN_ROUTE} (no interceptor sees it), an undecodable or invalid body
 * {@link RequestStatus#BAD_REQUEST}, and any exception of the method or of an interceptor as the method's
 * {@link FalcoHandlerExceptionResolver} maps it, else {@link RequestStatus#HANDLER_ERROR} with a generic message,
 * logged with its route.
 * <p>
 * It tells the server, per request, where the method runs ({@link #blocks(byte[], RequestContext)}): blocking
 * methods on the handler executor; methods declared {@code blocking = false} and asynchronous ones on the event loop,
 * the latter completing when their stage does. The interceptors run on the same thread, just before the method.
 */
public class FalcoHandlerRouter implements AsyncRequestHandler {

    private final FalcoHandlerRegistry registry;

    /** {@code null} without interceptors, so that a request goes to its method without a request object. */
    private final @Nullable FalcoServerInterceptorChain interceptors;

    /**
     * Creates a router.
     * @param registry the handler methods, by route
     * @param interceptors the interceptors every request passes, outermost first
     */
    public FalcoHandlerRouter(FalcoHandlerRegistry registry, List<? extends FalcoServerInterceptor> interceptors) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        Objects.requireNonNull(interceptors, "interceptors must not be null");
        this.interceptors = interceptors.isEmpty() ? null : InterceptorChain.of(interceptors);
    }

    /**
     * Whether the method of the request's route may block, so that the server calls {@link #handle} on its handler
     * executor; an unknown route is answered on the event loop.
     */
    @Override
    public boolean blocks(byte[] request, RequestContext context) {
        FalcoHandlerMethod handlerMethod = this.registry.find(context.route());
        return handlerMethod != null && handlerMethod.isBlocking();
    }

    @Override
    public CompletionStage<byte[]> handle(byte[] request, RequestContext context) {
        String route = context.route();
        FalcoHandlerMethod handlerMethod = this.registry.find(route);
        if (handlerMethod == null) {
            return CompletableFuture.failedFuture(new FalcoRequestException(RequestStatus.UNKNOWN_ROUTE,
                    (route != null) ? "no handler for route '" + route + "'" : "no default handler; name a route"));
        }
        CompletionStage<byte[]> response;
        if (this.interceptors != null) {
            response = this.interceptors.proceed(new FalcoServerRequest(handlerMethod, request, context));
        }
        else {
            try {
                response = handlerMethod.invokeAsync(request, context);
            }
            catch (Exception ex) {
                return CompletableFuture.failedFuture(HandlerFailures.answer(ex, handlerMethod, context));
            }
        }
        if (response instanceof CompletableFuture<byte[]> future && future.isDone()
                && !future.isCompletedExceptionally()) {
            // a synchronous method's answer: nothing to map
            return future;
        }
        return response.handle((body, failure) -> {
            if (failure != null) {
                throw HandlerFailures.answer(failure, handlerMethod, context);
            }
            return body;
        });
    }

}
