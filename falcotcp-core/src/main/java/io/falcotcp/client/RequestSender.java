package io.falcotcp.client;

/**
 * The last handler of an established client connection, which sends requests and matches their responses: one
 * for plain v1 ({@link InFlightRequests}), one for the session mode ({@link SessionRequests}).
 */
interface RequestSender {

    /**
     * Writes a request and keeps it until its response; called on the event loop.
     * @param request the request, on a slot the connection reserved for it
     */
    void send(PendingRequest request);

    /**
     * Closes the connection; the requests in flight fail with {@code cause}. Safe from any thread.
     * @param cause why the connection is closed
     */
    void close(Throwable cause);

    /**
     * The failure of a request that the closing of this connection ends.
     * @return a new exception that says why the connection closed
     */
    FalcoConnectionException connectionLost();

}
