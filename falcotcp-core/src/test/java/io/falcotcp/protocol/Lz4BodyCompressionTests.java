package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Decompression of a peer's body never reads past the body, never returns bytes that the block did not produce
 * (stale memory, CVE-2025-66566), and refuses malformed blocks with a {@link SessionProtocolException}.
 * <p>
 * A block is a series of sequences: a token (literal count in the high nibble, match length minus 4 in the low
 * one), the literals, then a match as a 2-byte little-endian offset back into the output; the last sequence has
 * literals only. Each test runs on both implementations that can serve in production: the native one, where its
 * library loads, and the Java one.
 */
class Lz4BodyCompressionTests {

    private static final int MAX_LENGTH = 1 << 20;

    private static final byte[] TEXT = "the quick brown fox jumps over the lazy dog; the quick brown fox jumps again"
        .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @MethodSource("implementations")
    void aCompressedBodyExpandsToTheOriginal(LZ4Factory implementation) {
        Lz4BodyCompression compression = new Lz4BodyCompression(implementation, 0, MAX_LENGTH, MAX_LENGTH);
        byte[] compressed = compression.compress(TEXT);
        assertThat(compressed).isNotNull().hasSizeLessThan(TEXT.length);
        assertThat(decompress(compression, compressed)).isEqualTo(TEXT);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aMatchAtOffsetZeroExpandsToZerosNotToTheBytesOfAnEarlierBody(LZ4Factory implementation) {
        Lz4BodyCompression compression = new Lz4BodyCompression(implementation, 0, MAX_LENGTH, MAX_LENGTH);
        byte[] earlier = new byte[14];
        Arrays.fill(earlier, (byte) 0x77);
        byte[] literals = new byte[1 + earlier.length];
        literals[0] = (byte) 0xE0;
        System.arraycopy(earlier, 0, literals, 1, earlier.length);
        assertThat(decompress(compression, body(14, literals))).isEqualTo(earlier);
        // "abcde", then 4 bytes copied from offset 0 (from themselves), then "vwxyz": 14 bytes
        byte[] block = { 0x50, 'a', 'b', 'c', 'd', 'e', 0, 0, 0x50, 'v', 'w', 'x', 'y', 'z' };
        assertRejectedOrExactly(compression, body(14, block), "abcde\0\0\0\0vwxyz".getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aMatchThatPointsBeforeTheStartOfTheOutputIsRejected(LZ4Factory implementation) {
        Lz4BodyCompression compression = new Lz4BodyCompression(implementation, 0, MAX_LENGTH, MAX_LENGTH);
        // "abcd", then a match 5 bytes back: one before the first byte
        byte[] block = { 0x40, 'a', 'b', 'c', 'd', 5, 0, 0x50, 'v', 'w', 'x', 'y', 'z' };
        assertRejected(compression, body(13, block));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aLiteralRunLongerThanTheInputIsRejected(LZ4Factory implementation) {
        Lz4BodyCompression compression = new Lz4BodyCompression(implementation, 0, MAX_LENGTH, MAX_LENGTH);
        // 15 + 16 = 31 literals announced, 5 present
        byte[] block = { (byte) 0xF0, 16, 'a', 'b', 'c', 'd', 'e' };
        assertRejected(compression, body(31, block));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aBlockThatExpandsToFewerBytesThanItDeclaresIsRejected(LZ4Factory implementation) {
        Lz4BodyCompression compression = new Lz4BodyCompression(implementation, 0, MAX_LENGTH, MAX_LENGTH);
        assertThatExceptionOfType(SessionProtocolException.class)
            .isThrownBy(() -> decompress(compression, body(10, new byte[] { 0x50, 'v', 'w', 'x', 'y', 'z' })))
            .withMessageContaining("expands to 5 bytes instead of the 10");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aBlockThatExpandsToMoreBytesThanItDeclaresIsRejected(LZ4Factory implementation) {
        Lz4BodyCompression compression = new Lz4BodyCompression(implementation, 0, MAX_LENGTH, MAX_LENGTH);
        assertRejected(compression, body(3, new byte[] { 0x50, 'v', 'w', 'x', 'y', 'z' }));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aDeclaredLengthAboveTheMaximumIsRejectedBeforeAnythingIsExpanded(LZ4Factory implementation) {
        Lz4BodyCompression compression = new Lz4BodyCompression(implementation, 0, 16, 16);
        assertThatExceptionOfType(SessionProtocolException.class)
            .isThrownBy(() -> decompress(compression, body(17, new byte[0])))
            .withMessageContaining("declares 17 bytes, above the maximum of 16");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void everyTruncationOfABodyIsRejected(LZ4Factory implementation) {
        Lz4BodyCompression compression = new Lz4BodyCompression(implementation, 0, MAX_LENGTH, MAX_LENGTH);
        byte[] compressed = compression.compress(TEXT);
        assertThat(compressed).isNotNull();
        for (int length = 0; length < compressed.length; length++) {
            assertRejected(compression, Arrays.copyOf(compressed, length));
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void onlyTheReadableBytesAreDecompressedNotTheRestOfTheBuffer(LZ4Factory implementation) {
        Lz4BodyCompression compression = new Lz4BodyCompression(implementation, 0, MAX_LENGTH, MAX_LENGTH);
        byte[] compressed = compression.compress(TEXT);
        assertThat(compressed).isNotNull();
        for (int length = Integer.BYTES; length < compressed.length; length++) {
            ByteBuf truncated = Unpooled.wrappedBuffer(compressed).slice(0, length);
            assertThatExceptionOfType(SessionProtocolException.class)
                .isThrownBy(() -> compression.decompress(truncated));
        }
    }

    static Stream<LZ4Factory> implementations() {
        return Stream.of(LZ4Factory.fastestInstance(), LZ4Factory.safeInstance());
    }

    private static byte[] decompress(Lz4BodyCompression compression, byte[] body) {
        return compression.decompress(Unpooled.wrappedBuffer(body));
    }

    private static void assertRejected(Lz4BodyCompression compression, byte[] body) {
        assertThatExceptionOfType(SessionProtocolException.class).as("decompressing %s", Arrays.toString(body))
            .isThrownBy(() -> decompress(compression, body));
    }

    private static void assertRejectedOrExactly(Lz4BodyCompression compression, byte[] body, byte[] expected) {
        byte[] decompressed;
        try {
            decompressed = decompress(compression, body);
        }
        catch (SessionProtocolException ex) {
            return;
        }
        assertThat(decompressed).isEqualTo(expected);
    }

    private static byte[] body(int declaredLength, byte[] block) {
        return ByteBuffer.allocate(Integer.BYTES + block.length).putInt(declaredLength).put(block).array();
    }

}
