package io.falcotcp.server;

/**
 * Application code that answers one decrypted request with its response bytes.
 * <p>
 * It may block (database or HTTP calls, locks): by default each request runs on the server's handler executor,
 * never on an event loop. A handler that answers some or all requests without blocking says so in
 * {@link #blocks(byte[], RequestContext)}; those requests then run on the connection's event loop, with no thread
 * hop and no allocation beyond the handler's own.
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * Answers a request.
     * @param request the decrypted request bytes, owned by the handler
     * @param context the connection the request came on
     * @return the response bytes, encrypted and sent back; an exception sends the empty response ({@code len = 0},
     * "the server could not produce a response"), and so does a {@code null} result, which breaks this contract
     * @throws Exception when no response can be produced
     */
    byte[] handle(byte[] request, RequestContext context) throws Exception;

    /**
     * Whether answering this request may block its thread. Called on the event loop before
     * {@link #handle(byte[], RequestContext)}, so it must be cheap and must not block itself.
     * @param request the decrypted request bytes, not to be modified
     * @param context the connection (and, in session mode, the route) of the request
     * @return {@code true} (the default) to run the request on the handler executor; {@code false} to run it on
     * the connection's event loop, which it must then never block: every other connection of that loop waits
     */
    default boolean blocks(byte[] request, RequestContext context) {
        return true;
    }

}
