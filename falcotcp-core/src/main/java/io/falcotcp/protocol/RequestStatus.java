package io.falcotcp.protocol;

/**
 * Outcome of a request as the server reports it. Plain v1 can only say {@link #OK} (a sealed response) or "no
 * response" ({@code len = 0}); the session mode carries the status and a short message with every response.
 */
public enum RequestStatus {

    /** The handler produced a response. */
    OK,

    /** No handler is registered for the route the request named. */
    UNKNOWN_ROUTE,

    /** The request could not be read: undecodable body, bad parameters. */
    BAD_REQUEST,

    /** The handler failed. */
    HANDLER_ERROR,

    /** The server refused the request for lack of capacity; it may be retried later. */
    OVERLOADED

}
