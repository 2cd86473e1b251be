package io.falcotcp.protocol.v02;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * The compression byte of a FalcoTCP 0.2 frame, with its codec. Every decompression is bounded before it allocates:
 * a declared size is checked against the limit first, and a streaming decompressor is stopped at the limit.
 * <p>
 * LZ4 and gzip need nothing beyond this module's required dependencies; {@link #LZMA} needs {@code org.tukaani:xz}
 * and {@link #ZSTD} needs {@code com.github.luben:zstd-jni}, both optional: a frame that uses one whose library is
 * absent fails with a {@link V02FrameException} that names the library.
 */
public enum V02Compression {

    /** Code 0: the payload as it is. */
    NONE(0, null),

    /** Code 1: an xz stream (LZMA2), {@code org.tukaani:xz}. */
    LZMA(1, "org.tukaani.xz.XZInputStream"),

    /** Code 2: gzip, with the JDK's deflater. */
    GZIP(2, null),

    /** Code 3: an LZ4 block prefixed by the uncompressed size as {@code u64} big-endian, lz4-java. */
    LZ4(3, null),

    /** Code 4: a zstd frame, {@code com.github.luben:zstd-jni}. */
    ZSTD(4, "com.github.luben.zstd.ZstdInputStreamNoFinalizer");

    private static final int STREAM_CHUNK = 16 * 1024;

    private final int code;

    private final @Nullable String libraryClass;

    private volatile @Nullable Boolean available;

    V02Compression(int code, @Nullable String libraryClass) {
        this.code = code;
        this.libraryClass = libraryClass;
    }

    /**
     * The byte that names this compression in a frame header.
     * @return 0 to 4
     */
    public int code() {
        return this.code;
    }

    /**
     * The compression of a header byte.
     * @param code the byte, 0 to 255
     * @return the compression, or {@code null} for a code that 0.2 does not define
     */
    public static @Nullable V02Compression ofCode(int code) {
        for (V02Compression compression : values()) {
            if (compression.code == code) {
                return compression;
            }
        }
        return null;
    }

    /**
     * Whether the library of this compression is on the class path.
     * @return {@code true} for LZ4, gzip and none, and for xz and zstd when their libraries are present
     */
    public boolean isAvailable() {
        Boolean known = this.available;
        if (known == null) {
            known = (this.libraryClass == null) || isPresent(this.libraryClass);
            this.available = known;
        }
        return known;
    }

    /**
     * Compresses a message.
     * @param message the message
     * @return the compressed bytes, framed as 0.2 expects for this code
     * @throws V02FrameException when the library is absent
     */
    public byte[] compress(byte[] message) {
        requireAvailable();
        try {
            return switch (this) {
                case NONE -> message;
                case LZMA -> XzCodec.compress(message);
                case GZIP -> gzip(message);
                case LZ4 -> Lz4BlockCodec.compress(message);
                case ZSTD -> ZstdCodec.compress(message);
            };
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot compress with " + this + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Decompresses a message, never producing or allocating more than {@code maxLength} bytes of output.
     * @param compressed the bytes of the frame's plaintext
     * @param maxLength the largest message accepted
     * @return the message
     * @throws V02FrameException when the library is absent
     * @throws MessageTooLargeException when the message would exceed {@code maxLength}
     * @throws IOException when the bytes are not valid for this compression
     */
    public byte[] decompress(byte[] compressed, int maxLength) throws IOException {
        requireAvailable();
        return switch (this) {
            case NONE -> {
                if (compressed.length > maxLength) {
                    throw new MessageTooLargeException(compressed.length, maxLength);
                }
                yield compressed;
            }
            case LZMA -> XzCodec.decompress(compressed, maxLength);
            case GZIP -> readBounded(new GZIPInputStream(new ByteArrayInputStream(compressed)), maxLength);
            case LZ4 -> Lz4BlockCodec.decompress(compressed, maxLength);
            case ZSTD -> ZstdCodec.decompress(compressed, maxLength);
        };
    }

    private void requireAvailable() {
        if (!isAvailable()) {
            String library = (this == LZMA) ? "org.tukaani:xz" : "com.github.luben:zstd-jni";
            throw new V02FrameException("the FalcoTCP 0.2 peer uses " + this + " compression (code " + this.code
                    + "), but its library " + library + " is not on the class path: add it as a dependency, or "
                    + "configure the peer for none, gzip or LZ4");
        }
    }

    private static byte[] gzip(byte[] message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, message.length / 2));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(message);
        }
        return out.toByteArray();
    }

    /**
     * Reads a decompressing stream to its end, stopping as soon as it yields more than {@code maxLength} bytes; the
     * buffer grows with what the stream produced, never with a size the peer declared.
     */
    static byte[] readBounded(InputStream in, int maxLength) throws IOException {
        try (in) {
            byte[] buffer = new byte[Math.min(STREAM_CHUNK, maxLength + 1)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length > maxLength) {
                        throw new MessageTooLargeException(length, maxLength);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) maxLength + 1, 2L * length));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    return (length == buffer.length) ? buffer : Arrays.copyOf(buffer, length);
                }
                length += read;
                if (length > maxLength) {
                    throw new MessageTooLargeException(length, maxLength);
                }
            }
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, V02Compression.class.getClassLoader());
            return true;
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    /**
     * A message that decompresses, or declares it decompresses, to more than the limit.
     */
    public static final class MessageTooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        MessageTooLargeException(long length, int maxLength) {
            super("the message decompresses to " + ((length > maxLength) ? "more than " + maxLength : length)
                    + " bytes, above the limit of " + maxLength + " (maxDecompressedBody)");
        }

    }

}
