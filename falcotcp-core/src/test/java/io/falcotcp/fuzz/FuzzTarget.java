package io.falcotcp.fuzz;

import java.time.Duration;

import io.falcotcp.crypto.FalcoKey;

/**
 * The server under fuzz, as scenarios see it.
 * @param port its port on 127.0.0.1
 * @param key its pre-shared key
 * @param maxFrameSize its maximum frame size, in both modes
 * @param timers its handshake timeout and lifetime
 * @param handler its handler, to hold requests in flight
 */
record FuzzTarget(int port, FalcoKey key, int maxFrameSize, Duration timers, HoldingEchoHandler handler) {

    /**
     * How long the server may take to close a connection for what it was sent: half its timers, so that a close by
     * a timer (a server still waiting for more bytes) never passes for it, and still seconds.
     * @return the time to close
     */
    Duration promptClose() {
        return this.timers.dividedBy(2);
    }

    byte[] keyBytes() {
        return this.key.toByteArray();
    }

}
