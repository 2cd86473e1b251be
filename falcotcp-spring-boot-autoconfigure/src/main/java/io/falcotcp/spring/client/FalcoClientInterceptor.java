package io.falcotcp.spring.client;

import java.util.concurrent.CompletableFuture;

/**
 * Runs around each request of a {@link FalcoClient}: sees its client, route, body, timeout and metadata, may add
 * metadata (an authentication token with {@link io.falcotcp.protocol.Metadata.Builder#put}, a trace context with
 * {@link io.falcotcp.protocol.Metadata.Builder#propagate}), and may fail the call, by throwing or by returning a
 * failed future, instead of proceeding. Interceptor beans apply to every auto-configured {@code FalcoClient} and to
 * those made with the {@link FalcoClientBuilder} bean, in {@link org.springframework.core.annotation.Order order}
 * (the first is the outermost); they run inside the request's observation, so it records their failures too.
 * <p>
 * An exception an interceptor throws fails the call as a failed future does: a synchronous send throws it, an
 * asynchronous one returns a future failed with it (so does a request the core client refuses as invalid, once
 * interceptors are present). The future {@code proceed} returns completes on a client event loop for an
 * asynchronous send, and before {@code proceed} returns for a synchronous one: interceptors must not block in its
 * callbacks.
 */
@FunctionalInterface
public interface FalcoClientInterceptor {

    /**
     * Intercepts one request.
     * @param request the request; its metadata may still be added to
     * @param chain the rest of the chain, ending with sending the request
     * @return the future response body: usually what {@code chain.proceed(request)} returned, maybe composed
     */
    CompletableFuture<byte[]> intercept(FalcoClientRequest request, Chain chain);

    /**
     * The interceptors after this one, and then the sending of the request.
     */
    @FunctionalInterface
    interface Chain {

        /**
         * Passes the request on.
         * @param request the request
         * @return the future response body, failed with a {@link io.falcotcp.client.FalcoClientException} subclass
         *     when the request fails
         * @throws IllegalArgumentException when the request is not valid (its route or body too long)
         */
        CompletableFuture<byte[]> proceed(FalcoClientRequest request);

    }

}
