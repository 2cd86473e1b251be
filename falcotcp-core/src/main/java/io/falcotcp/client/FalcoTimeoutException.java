package io.falcotcp.client;

import org.jspecify.annotations.Nullable;

/**
 * A request got no response within the client's request timeout.
 */
public class FalcoTimeoutException extends FalcoClientException {

    /**
     * Creates an exception.
     * @param message what went wrong and, where possible, what to do about it
     */
    public FalcoTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what went wrong and, where possible, what to do about it
     * @param cause the underlying failure
     */
    public FalcoTimeoutException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
