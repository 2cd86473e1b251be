package io.falcotcp.server;

import java.util.concurrent.CompletionStage;

/**
 * Application code that answers one decrypted request asynchronously; it is invoked on the connection's event
 * loop and must not block.
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

}
