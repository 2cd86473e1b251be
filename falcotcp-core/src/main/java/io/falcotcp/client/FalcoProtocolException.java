package io.falcotcp.client;

import org.jspecify.annotations.Nullable;

/**
 * The server broke the v1 protocol (an answer that does not authenticate, an unexpected byte); the connection is
 * closed because its stream can no longer be trusted.
 */
public class FalcoProtocolException extends FalcoConnectionException {

    /**
     * Creates an exception.
     * @param message what went wrong and, where possible, what to do about it
     */
    public FalcoProtocolException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what went wrong and, where possible, what to do about it
     * @param cause the underlying failure
     */
    public FalcoProtocolException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
