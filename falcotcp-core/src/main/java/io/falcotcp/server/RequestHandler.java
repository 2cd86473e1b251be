package io.falcotcp.server;

/**
 * Application code that answers one decrypted request; it may block, because it runs on the server's handler
 * executor, never on an event loop.
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

}
