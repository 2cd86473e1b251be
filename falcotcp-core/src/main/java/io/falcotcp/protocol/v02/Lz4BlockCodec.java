package io.falcotcp.protocol.v02;

import java.io.IOException;
import java.nio.ByteBuffer;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Compression code 3: {@code uncompressed size: u64 BE ‖ LZ4 block}.
 */
final class Lz4BlockCodec {

    private static final int SIZE_PREFIX = Long.BYTES;

    private static final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();

    private static final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();

    private Lz4BlockCodec() {
    }

    static byte[] compress(byte[] message) {
        byte[] out = new byte[SIZE_PREFIX + compressor.maxCompressedLength(message.length)];
        ByteBuffer.wrap(out).putLong(message.length);
        int length = compressor.compress(message, 0, message.length, out, SIZE_PREFIX);
        byte[] exact = new byte[SIZE_PREFIX + length];
        System.arraycopy(out, 0, exact, 0, exact.length);
        return exact;
    }

    static byte[] decompress(byte[] compressed, int maxLength) throws IOException {
        if (compressed.length < SIZE_PREFIX) {
            throw new IOException("an LZ4 payload of " + compressed.length + " bytes has no 8-byte size prefix");
        }
        long declared = ByteBuffer.wrap(compressed).getLong();
        // the declared size is the peer's word: checked before the buffer it sizes is allocated
        if (declared < 0 || declared > maxLength) {
            throw new V02Compression.MessageTooLargeException(declared < 0 ? Long.MAX_VALUE : declared, maxLength);
        }
        byte[] message = new byte[(int) declared];
        try {
            int written = decompressor.decompress(compressed, SIZE_PREFIX, compressed.length - SIZE_PREFIX, message,
                    0, message.length);
            if (written != message.length) {
                throw new IOException("the LZ4 block holds " + written + " bytes, not the " + declared
                        + " its prefix declares");
            }
            return message;
        }
        catch (LZ4Exception ex) {
            throw new IOException("not a valid LZ4 block: " + ex.getMessage(), ex);
        }
    }

}
