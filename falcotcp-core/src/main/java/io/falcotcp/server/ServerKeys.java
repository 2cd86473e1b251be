package io.falcotcp.server;

import java.util.List;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;

/**
 * The server's pre-shared keys, current first, replaceable while the server runs. A connection takes the keys of
 * the moment it is accepted for its handshake (and, on the 0.2 port, the current key for its life); connections
 * established before a replacement keep the key they authenticated with.
 */
final class ServerKeys {

    private final AeadEngine engine;

    private volatile EventLoopCiphers current;

    ServerKeys(List<FalcoKey> keys, AeadEngine engine) {
        this.engine = engine;
        this.current = new EventLoopCiphers(keys, engine);
    }

    /**
     * The keys for a connection accepted now, with their ciphers per event loop.
     * @return the current keys
     */
    EventLoopCiphers current() {
        return this.current;
    }

    /**
     * Replaces the keys for connections accepted from now on.
     * @param keys one or more keys, current first
     */
    void replace(List<FalcoKey> keys) {
        this.current = new EventLoopCiphers(keys, this.engine);
    }

}
