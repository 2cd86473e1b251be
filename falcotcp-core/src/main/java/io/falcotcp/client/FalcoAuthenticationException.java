package io.falcotcp.client;

import org.jspecify.annotations.Nullable;

/**
 * The server did not accept the client's key: it answered {@code 0x00} or closed the connection instead of
 * answering {@code 0xFF}.
 */
public class FalcoAuthenticationException extends FalcoClientException {

    /**
     * Creates an exception.
     * @param message what went wrong and, where possible, what to do about it
     */
    public FalcoAuthenticationException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what went wrong and, where possible, what to do about it
     * @param cause the underlying failure
     */
    public FalcoAuthenticationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
