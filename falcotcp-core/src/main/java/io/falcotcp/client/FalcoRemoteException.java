package io.falcotcp.client;

import io.falcotcp.protocol.RequestStatus;
import org.jspecify.annotations.Nullable;

/**
 * The server could not produce a response: in plain v1 it answered with the empty response ({@code len = 0}), in
 * session mode with a status other than OK and a short message, which this exception's message includes.
 */
public class FalcoRemoteException extends FalcoClientException {

    private final @Nullable RequestStatus status;

    /**
     * Creates an exception for a plain v1 empty response.
     * @param message what went wrong and, where possible, what to do about it
     */
    public FalcoRemoteException(String message) {
        this(message, (RequestStatus) null);
    }

    /**
     * Creates an exception with a cause.
     * @param message what went wrong and, where possible, what to do about it
     * @param cause the underlying failure
     */
    public FalcoRemoteException(String message, @Nullable Throwable cause) {
        super(message, cause);
        this.status = null;
    }

    /**
     * Creates an exception for a session-mode status.
     * @param message what went wrong, with the server's message
     * @param status the status the server answered
     */
    public FalcoRemoteException(String message, @Nullable RequestStatus status) {
        super(message);
        this.status = status;
    }

    /**
     * The status the server answered in session mode.
     * @return the status, or {@code null} for a plain v1 empty response, which carries none
     */
    public @Nullable RequestStatus status() {
        return this.status;
    }

}
