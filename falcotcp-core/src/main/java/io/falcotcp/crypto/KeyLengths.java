package io.falcotcp.crypto;

import java.util.Objects;

/**
 * Checks that raw key material has the AES-256 length.
 */
final class KeyLengths {

    static final int AES_256 = 32;

    private KeyLengths() {
    }

    static void check(byte[] key) {
        Objects.requireNonNull(key, "key must not be null");
        if (key.length != AES_256) {
            throw new IllegalArgumentException("an AES-256 key must be 32 bytes (got " + key.length + ")");
        }
    }

}
