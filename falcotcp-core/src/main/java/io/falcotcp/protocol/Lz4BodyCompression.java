package io.falcotcp.protocol;

import io.netty.buffer.ByteBuf;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.jspecify.annotations.Nullable;

/**
 * LZ4 compression of session bodies (feature bit 0): {@code uncompressedLength: u32 ‖ LZ4 block}. Decompression
 * is bounded: a declared length above the maximum is refused before anything is allocated, and the block must
 * expand to exactly the declared length.
 */
public final class Lz4BodyCompression {

    /** Default largest body a receiver decompresses: well under the default frame size. */
    public static final int DEFAULT_MAX_DECOMPRESSED_LENGTH = 1024 * 1024;

    private static final LZ4Factory fastest = LZ4Factory.fastestInstance();

    private final LZ4Compressor compressor;

    private final LZ4SafeDecompressor decompressor;

    private final int threshold;

    private final int maxLength;

    private final int peerMaxLength;

    /**
     * Creates the compression of one connection whose peer decompresses bodies of any length.
     * @param threshold bodies shorter than this are sent as they are
     * @param maxLength the largest uncompressed body accepted
     */
    public Lz4BodyCompression(int threshold, int maxLength) {
        this(threshold, maxLength, Integer.MAX_VALUE);
    }

    /**
     * Creates the compression of one connection.
     * @param threshold bodies shorter than this are sent as they are
     * @param maxLength the largest uncompressed body accepted: a compressed body declaring more is refused before
     *     anything is decompressed
     * @param peerMaxLength the largest body the peer decompresses: longer bodies are sent as they are
     */
    public Lz4BodyCompression(int threshold, int maxLength, int peerMaxLength) {
        this(fastest, threshold, maxLength, peerMaxLength);
    }

    /**
     * Creates the compression of one connection with the given implementation: the fastest is the native one where
     * its library loads, else the Java one; tests run both.
     */
    Lz4BodyCompression(LZ4Factory factory, int threshold, int maxLength, int peerMaxLength) {
        this.compressor = factory.fastCompressor();
        this.decompressor = factory.safeDecompressor();
        this.threshold = threshold;
        this.maxLength = maxLength;
        this.peerMaxLength = peerMaxLength;
    }

    /**
     * Checks a configured compression threshold.
     * @param threshold the body length from which bodies are compressed
     * @return the threshold
     * @throws IllegalArgumentException when it is negative
     */
    public static int checkThreshold(int threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("compressionThreshold must not be negative (got " + threshold + ")");
        }
        return threshold;
    }

    /**
     * Compresses a body if it is long enough, the peer accepts its length and compression makes it shorter.
     * @param body the body
     * @return {@code uncompressedLength ‖ block}, or {@code null} to send the body as it is
     */
    public byte @Nullable [] compress(byte[] body) {
        if (body.length < this.threshold || body.length > this.peerMaxLength) {
            return null;
        }
        byte[] out = new byte[Integer.BYTES + this.compressor.maxCompressedLength(body.length)];
        int length = this.compressor.compress(body, 0, body.length, out, Integer.BYTES);
        if (Integer.BYTES + length >= body.length) {
            return null;
        }
        out[0] = (byte) (body.length >>> 24);
        out[1] = (byte) (body.length >>> 16);
        out[2] = (byte) (body.length >>> 8);
        out[3] = (byte) body.length;
        byte[] trimmed = new byte[Integer.BYTES + length];
        System.arraycopy(out, 0, trimmed, 0, trimmed.length);
        return trimmed;
    }

    /**
     * Decompresses the readable bytes of {@code in}, {@code uncompressedLength ‖ block}.
     * @param in the compressed body
     * @return the body
     * @throws SessionProtocolException when the declared length is above the maximum or the block is malformed
     */
    public byte[] decompress(ByteBuf in) {
        if (in.readableBytes() < Integer.BYTES) {
            throw new SessionProtocolException("a compressed body is shorter than its length prefix");
        }
        long length = in.readUnsignedInt();
        if (length > this.maxLength) {
            throw new SessionProtocolException("a compressed body declares " + length + " bytes, above the maximum of "
                    + this.maxLength);
        }
        byte[] source = new byte[in.readableBytes()];
        in.readBytes(source);
        byte[] body = new byte[(int) length];
        int written;
        try {
            written = this.decompressor.decompress(source, 0, source.length, body, 0, body.length);
        }
        catch (LZ4Exception ex) {
            throw new SessionProtocolException("a compressed body is malformed");
        }
        if (written != length) {
            throw new SessionProtocolException("a compressed body expands to " + written + " bytes instead of the "
                    + length + " it declares");
        }
        return body;
    }

}
