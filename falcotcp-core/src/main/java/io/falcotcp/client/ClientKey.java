package io.falcotcp.client;

import io.falcotcp.crypto.FalcoKey;

/**
 * The pre-shared key a client's new connections authenticate with, replaceable while the client runs; a connection
 * reads it once, when it opens.
 */
final class ClientKey {

    private volatile FalcoKey current;

    ClientKey(FalcoKey key) {
        this.current = key;
    }

    FalcoKey current() {
        return this.current;
    }

    void replace(FalcoKey key) {
        this.current = key;
    }

    @Override
    public String toString() {
        return "ClientKey[redacted]";
    }

}
