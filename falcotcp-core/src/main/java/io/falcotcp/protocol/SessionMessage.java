package io.falcotcp.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The plaintext of a session frame (see "Session frames" in {@code docs/protocol.md}).
 */
public sealed interface SessionMessage
        permits SessionMessage.Request, SessionMessage.Cancel, SessionMessage.Ping, SessionMessage.Response,
        SessionMessage.Pong, SessionMessage.GoingAway {

    /** Kind byte of a request. */
    byte KIND_REQUEST = 0x01;

    /** Kind byte of a cancel. */
    byte KIND_CANCEL = 0x02;

    /** Kind byte of a ping. */
    byte KIND_PING = 0x03;

    /** Kind byte of a segment continuing a request body (feature bit 1); never a message of its own. */
    byte KIND_REQUEST_CONTINUATION = 0x04;

    /** Kind byte of a frame carrying several client messages (feature bit 4); never a message of its own. */
    byte KIND_REQUEST_BATCH = 0x05;

    /** Kind byte of a response. */
    byte KIND_RESPONSE = 0x11;

    /** Kind byte of a pong. */
    byte KIND_PONG = 0x12;

    /** Kind byte of a segment continuing a response body (feature bit 1); never a message of its own. */
    byte KIND_RESPONSE_CONTINUATION = 0x13;

    /** Kind byte of a frame carrying several server messages (feature bit 4); never a message of its own. */
    byte KIND_RESPONSE_BATCH = 0x14;

    /** Kind byte of a going-away notice (feature bit 3). */
    byte KIND_GOING_AWAY = 0x15;

    /**
     * A request (client to server).
     * @param id the request id, unique among the connection's requests in flight
     * @param route the route, or {@code null} for the default handler
     * @param metadata the request's metadata (feature bit 2), {@link Metadata#empty()} for none
     * @param body the request bytes
     */
    record Request(int id, @Nullable String route, Metadata metadata, byte[] body) implements SessionMessage {

        /**
         * A request without metadata.
         * @param id the request id, unique among the connection's requests in flight
         * @param route the route, or {@code null} for the default handler
         * @param body the request bytes
         */
        public Request(int id, @Nullable String route, byte[] body) {
            this(id, route, Metadata.empty(), body);
        }

        /**
         * The bytes the request keeps charged to the server's inbound budget until it is answered: its body and its
         * metadata block.
         * @return the charge
         */
        public int retainedLength() {
            return this.body.length + this.metadata.encodedLength();
        }

    }

    /**
     * The client gave up on a request (client to server).
     * @param id the request id
     */
    record Cancel(int id) implements SessionMessage {
    }

    /**
     * Keeps the connection alive and asks for a sign of life (client to server); the server answers each with a
     * {@link Pong}.
     */
    enum Ping implements SessionMessage {

        /** The only ping: it carries nothing. */
        INSTANCE

    }

    /**
     * The answer to a request (server to client).
     * @param id the id of the request
     * @param status the outcome
     * @param message a short message for a status other than OK, empty otherwise
     * @param body the response bytes, empty unless the status is OK
     */
    record Response(int id, RequestStatus status, String message, byte[] body) implements SessionMessage {
    }

    /**
     * The server's answer to a {@link Ping} (server to client): proves that the server still reads and writes.
     */
    enum Pong implements SessionMessage {

        /** The only pong: it carries nothing. */
        INSTANCE

    }

    /**
     * The server stops (server to client, feature bit 3, at most once per connection): the client sends no new
     * request on the connection; the server still answers the requests it gets until the client closes.
     */
    enum GoingAway implements SessionMessage {

        /** The only notice: it carries nothing. */
        INSTANCE

    }

}
