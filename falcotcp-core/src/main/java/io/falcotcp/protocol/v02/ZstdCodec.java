package io.falcotcp.protocol.v02;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

/**
 * Compression code 4: a zstd frame; loaded only when {@code com.github.luben:zstd-jni} is present.
 */
final class ZstdCodec {

    /**
     * The largest window, as a power of two, a frame may make the decoder allocate: the peer names the window size,
     * so it is capped. 2^23 (8 MiB) covers zstd's levels up to 19 on messages of any length.
     */
    static final int WINDOW_LOG_MAX = 23;

    private static final int LEVEL = 3;

    private ZstdCodec() {
    }

    static byte[] compress(byte[] message) {
        return Zstd.compress(message, LEVEL);
    }

    static byte[] decompress(byte[] compressed, int maxLength) throws IOException {
        ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(compressed));
        in.setLongMax(WINDOW_LOG_MAX);
        return V02Compression.readBounded(in, maxLength);
    }

}
