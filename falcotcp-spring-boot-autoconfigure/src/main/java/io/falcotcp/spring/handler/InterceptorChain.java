package io.falcotcp.spring.handler;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.falcotcp.spring.handler.interceptor.FalcoServerInterceptor;
import io.falcotcp.spring.handler.interceptor.FalcoServerInterceptorChain;
import io.falcotcp.spring.handler.interceptor.FalcoServerRequest;

/**
 * One link of the chain of {@link FalcoServerInterceptor}s: its interceptor and the rest of the chain. The links are
 * made once, so a request allocates nothing for its way through them. What a link's interceptor (or, at the end, the
 * method) throws fails the stage it returns, so that the interceptors before it see it there.
 */
final class InterceptorChain implements FalcoServerInterceptorChain {

    /** The end of every chain: the request's method. */
    private static final FalcoServerInterceptorChain HANDLER_METHOD = (request) -> {
        try {
            return request.handler().invokeAsync(request.body(), request.context());
        }
        catch (Exception ex) {
            return CompletableFuture.failedFuture(ex);
        }
    };

    private final FalcoServerInterceptor interceptor;

    private final FalcoServerInterceptorChain next;

    private InterceptorChain(FalcoServerInterceptor interceptor, FalcoServerInterceptorChain next) {
        this.interceptor = interceptor;
        this.next = next;
    }

    /**
     * The chain of interceptors that ends with the request's method.
     * @param interceptors the interceptors, outermost first
     * @return the chain
     */
    static FalcoServerInterceptorChain of(List<? extends FalcoServerInterceptor> interceptors) {
        FalcoServerInterceptorChain chain = HANDLER_METHOD;
        for (int i = interceptors.size() - 1; i >= 0; i--) {
            chain = new InterceptorChain(Objects.requireNonNull(interceptors.get(i), "interceptor must not be null"),
                    chain);
        }
        return chain;
    }

    @Override
    public CompletionStage<byte[]> proceed(FalcoServerRequest request) {
        CompletionStage<byte[]> response;
        try {
            response = this.interceptor.intercept(request, this.next);
        }
        catch (Exception ex) {
            return CompletableFuture.failedFuture(ex);
        }
        if (response == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("FalcoServerInterceptor "
                    + this.interceptor + " returned no stage"));
        }
        return response;
    }

}
