package io.falcotcp.server;

import java.util.concurrent.CompletionStage;

/**
 * Application code that answers one decrypted request asynchronously: it starts the work and returns the stage of
 * the response, and no thread waits for it.
 * <p>
 * By default it is invoked on the connection's event loop and must return without blocking. A handler that must
 * block before it can return its stage for some requests (the blocking routes of an application that mixes both)
 * says so in {@link #blocks(byte[], RequestContext)}; those requests are invoked on the handler executor instead.
 */
@FunctionalInterface
public interface AsyncRequestHandler {

    /**
     * Starts answering a request; the stage may complete on any thread.
     * @param request the decrypted request bytes, owned by the handler
     * @param context the connection the request came on
     * @return the stage of the response bytes; exceptional completion sends the empty response ({@code len = 0}),
     * and so does a {@code null} stage or result, which breaks this contract
     */
    CompletionStage<byte[]> handle(byte[] request, RequestContext context);

    /**
     * Whether {@link #handle(byte[], RequestContext)} may block before it returns for this request. Called on the
     * event loop, so it must be cheap and must not block itself.
     * @param request the decrypted request bytes, not to be modified
     * @param context the connection (and, in session mode, the route) of the request
     * @return {@code false} (the default) to invoke the handler on the connection's event loop; {@code true} to
     * invoke it on the handler executor
     */
    default boolean blocks(byte[] request, RequestContext context) {
        return false;
    }

}
