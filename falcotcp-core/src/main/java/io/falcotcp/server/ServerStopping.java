package io.falcotcp.server;

/**
 * Event fired into every connection when the server stops: connections still in their handshake close, established
 * ones stop reading new requests and finish the ones they have.
 */
enum ServerStopping {

    /** The only instance. */
    INSTANCE

}
