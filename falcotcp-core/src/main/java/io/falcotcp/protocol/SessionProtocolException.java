package io.falcotcp.protocol;

/**
 * A session frame that breaks the session rules: a length out of range, a frame that does not open under the next
 * counter (replayed, reordered, deleted or modified), or an authenticated plaintext that is malformed. The
 * connection cannot continue and is closed.
 * <p>
 * Raised on every bad frame a peer chooses to send, so it carries no stack trace.
 */
public final class SessionProtocolException extends ClientFrameException {

    /**
     * Creates an exception.
     * @param message what was wrong
     */
    public SessionProtocolException(String message) {
        super(message);
    }

}
