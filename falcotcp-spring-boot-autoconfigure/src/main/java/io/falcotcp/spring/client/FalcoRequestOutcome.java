package io.falcotcp.spring.client;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.falcotcp.client.FalcoAuthenticationException;
import io.falcotcp.client.FalcoConnectionException;
import io.falcotcp.client.FalcoDowngradeException;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTimeoutException;
import io.falcotcp.client.FalcoUnsupportedFeatureException;
import io.falcotcp.protocol.RequestStatus;
import org.jspecify.annotations.Nullable;

/**
 * The values of the {@code outcome} tag of both request meters, {@code falco.server.requests} and
 * {@code falco.client.requests}: the server tags each request with its {@link RequestStatus}, and a client tags a
 * response with the status the server answered, so both sides count a request alike; the other values are the
 * failures only a client sees.
 */
public enum FalcoRequestOutcome {

    /** The handler produced a response ({@link RequestStatus#OK}). */
    OK,

    /** No handler is registered for the route ({@link RequestStatus#UNKNOWN_ROUTE}). */
    UNKNOWN_ROUTE,

    /** The request could not be read ({@link RequestStatus#BAD_REQUEST}). */
    BAD_REQUEST,

    /** The handler failed ({@link RequestStatus#HANDLER_ERROR}). */
    HANDLER_ERROR,

    /** The server refused the request for lack of capacity ({@link RequestStatus#OVERLOADED}). */
    OVERLOADED,

    /** A plain v1 server answered the empty response, which carries no status. Client only. */
    EMPTY_RESPONSE,

    /** No response came within the timeout. Client only. */
    TIMEOUT,

    /** No connection could carry the request, or it closed before the response. Client only. */
    CONNECTION_FAILED,

    /** The server refused the key. Client only. */
    AUTHENTICATION_FAILED,

    /** The server does not speak what the request needs (a route to a plain v1 server). Client only. */
    UNSUPPORTED,

    /** The caller cancelled the request. Client only. */
    CANCELLED,

    /** The client refused the request before sending it (too many waiting, client closed...). Client only. */
    CLIENT_ERROR;

    /**
     * The outcome of a status the server answered.
     * @param status the status
     * @return the outcome of the same name
     */
    public static FalcoRequestOutcome of(RequestStatus status) {
        return valueOf(status.name());
    }

    /**
     * The outcome of a client request.
     * @param failure how the request failed, {@code null} when it got a response
     * @return the outcome
     */
    public static FalcoRequestOutcome of(@Nullable Throwable failure) {
        if (failure == null) {
            return OK;
        }
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof FalcoRemoteException remote) {
            RequestStatus status = remote.status();
            return (status != null) ? of(status) : EMPTY_RESPONSE;
        }
        if (cause instanceof FalcoTimeoutException) {
            return TIMEOUT;
        }
        if (cause instanceof FalcoAuthenticationException) {
            return AUTHENTICATION_FAILED;
        }
        if (cause instanceof FalcoConnectionException || cause instanceof FalcoDowngradeException) {
            return CONNECTION_FAILED;
        }
        if (cause instanceof FalcoUnsupportedFeatureException) {
            return UNSUPPORTED;
        }
        if (cause instanceof CancellationException) {
            return CANCELLED;
        }
        return CLIENT_ERROR;
    }

}
