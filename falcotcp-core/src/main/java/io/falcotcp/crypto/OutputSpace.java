package io.falcotcp.crypto;

import java.nio.ByteBuffer;

/**
 * Checks that an output buffer can take a cipher's whole result before any byte is written, so that both engines
 * fail the same way and none writes past a buffer's limit.
 */
final class OutputSpace {

    private OutputSpace() {
    }

    static void check(ByteBuffer out, int required) {
        if (out.remaining() < required) {
            throw new IllegalArgumentException(
                    "the output buffer has " + out.remaining() + " bytes remaining but needs " + required);
        }
    }

}
