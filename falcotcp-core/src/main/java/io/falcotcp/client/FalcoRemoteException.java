package io.falcotcp.client;

import org.jspecify.annotations.Nullable;

/**
 * The server answered a request with the empty response ({@code len = 0}): it could not decrypt the request or its
 * handler failed.
 */
public class FalcoRemoteException extends FalcoClientException {

    /**
     * Creates an exception.
     * @param message what went wrong and, where possible, what to do about it
     */
    public FalcoRemoteException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what went wrong and, where possible, what to do about it
     * @param cause the underlying failure
     */
    public FalcoRemoteException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
