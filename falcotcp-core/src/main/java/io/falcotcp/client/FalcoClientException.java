package io.falcotcp.client;

import org.jspecify.annotations.Nullable;

/**
 * Base of the exceptions a {@link FalcoTcpClient} request or connection fails with.
 */
public class FalcoClientException extends RuntimeException {

    /**
     * Creates an exception.
     * @param message what went wrong and, where possible, what to do about it
     */
    public FalcoClientException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what went wrong and, where possible, what to do about it
     * @param cause the underlying failure
     */
    public FalcoClientException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
