package io.falcotcp.server;

import java.util.Objects;

import io.falcotcp.protocol.RequestStatus;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a request handler to answer with a status other than {@link RequestStatus#OK}, for example
 * {@link RequestStatus#BAD_REQUEST} for a body it cannot read. The message goes to the client in session mode, so
 * it must be short and safe to show: no stack traces, no internal details. A plain v1 client receives the empty
 * response, as for any other handler failure.
 */
public class FalcoRequestException extends RuntimeException {

    private final RequestStatus status;

    /**
     * Creates an exception.
     * @param status the status to answer; not {@link RequestStatus#OK}
     * @param message a short message that is safe to send to the client
     */
    public FalcoRequestException(RequestStatus status, String message) {
        this(status, message, null);
    }

    /**
     * Creates an exception with a cause, which is logged but never sent.
     * @param status the status to answer; not {@link RequestStatus#OK}
     * @param message a short message that is safe to send to the client
     * @param cause the underlying failure
     */
    public FalcoRequestException(RequestStatus status, String message, @Nullable Throwable cause) {
        super(message, cause);
        Objects.requireNonNull(status, "status must not be null");
        if (status == RequestStatus.OK) {
            throw new IllegalArgumentException("a FalcoRequestException cannot carry the OK status");
        }
        this.status = status;
    }

    /**
     * The status to answer.
     * @return the status
     */
    public RequestStatus getStatus() {
        return this.status;
    }

}
