package io.falcotcp.client;

import org.jspecify.annotations.Nullable;

/**
 * A connection could not be established or was lost, or the client was closed, before the request got its
 * response.
 */
public class FalcoConnectionException extends FalcoClientException {

    /**
     * Creates an exception.
     * @param message what went wrong and, where possible, what to do about it
     */
    public FalcoConnectionException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what went wrong and, where possible, what to do about it
     * @param cause the underlying failure
     */
    public FalcoConnectionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
