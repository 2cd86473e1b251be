package io.falcotcp.protocol.v02;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * Compression code 1: an xz stream; loaded only when {@code org.tukaani:xz} is present.
 */
final class XzCodec {

    /**
     * The most memory, in KiB, a stream's dictionary may make the decoder allocate: the peer names the dictionary
     * size, so it is capped. 32 MiB covers the presets up to 7 (xz's default is 6, an 8 MiB dictionary).
     */
    static final int MEMORY_LIMIT_KIB = 32 * 1024;

    private XzCodec() {
    }

    static byte[] compress(byte[] message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, message.length / 2));
        try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
            xz.write(message);
        }
        return out.toByteArray();
    }

    static byte[] decompress(byte[] compressed, int maxLength) throws IOException {
        return V02Compression.readBounded(new XZInputStream(new ByteArrayInputStream(compressed), MEMORY_LIMIT_KIB),
                maxLength);
    }

}
