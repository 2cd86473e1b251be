package io.falcotcp.server;

/**
 * Event fired into every connection when the server stops: connections still in their handshake close, established
 * ones stop reading new requests and finish the ones they have; a session-mode connection that negotiated
 * {@link io.falcotcp.protocol.SessionFeature#GOING_AWAY} first tells its client and reads on for a while
 * ({@link SessionDispatcher}).
 */
enum ServerStopping {

    /** The only instance. */
    INSTANCE

}
