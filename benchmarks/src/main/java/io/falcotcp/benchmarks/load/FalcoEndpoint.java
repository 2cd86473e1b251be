package io.falcotcp.benchmarks.load;

import io.falcotcp.crypto.FalcoKey;

/**
 * A FalcoTCP echo server to measure and how to talk to it.
 *
 * @param host its host name or address
 * @param port its port
 * @param key its pre-shared key ({@link FalcoKey#toString()} is redacted)
 * @param protocol plain v1 or the session mode
 */
record FalcoEndpoint(String host, int port, FalcoKey key, WireProtocol protocol) {

    /**
     * The server's address for messages.
     * @return {@code host:port}
     */
    String address() {
        return this.host + ":" + this.port;
    }

}
