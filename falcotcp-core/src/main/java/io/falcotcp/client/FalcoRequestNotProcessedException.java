package io.falcotcp.client;

/**
 * The server closed the connection cleanly (end of stream, no reset) before it answered the request. A server of
 * this project answers every request it read before it closes a connection (when it stops, or retires a session), so
 * such a request was never processed and is safe to send again. A plain v1 server of another implementation that
 * closes cleanly gives no such promise.
 */
public class FalcoRequestNotProcessedException extends FalcoConnectionException {

    /**
     * Creates an exception.
     * @param message what happened and what to do
     */
    public FalcoRequestNotProcessedException(String message) {
        super(message);
    }

}
