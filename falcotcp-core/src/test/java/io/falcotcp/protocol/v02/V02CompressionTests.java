package io.falcotcp.protocol.v02;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Each 0.2 compression against bytes made with the codec library's own API in the test, and the limits.
 */
class V02CompressionTests {

    private static final byte[] MESSAGE = ("FalcoTCP 0.2 " + "message ".repeat(500)).getBytes(StandardCharsets.UTF_8);

    @Test
    void decodesWhatEachLibraryEncodesOnItsOwn() throws IOException {
        assertThat(V02Compression.LZMA.decompress(xz(MESSAGE), 1 << 20)).isEqualTo(MESSAGE);
        assertThat(V02Compression.GZIP.decompress(gzip(MESSAGE), 1 << 20)).isEqualTo(MESSAGE);
        assertThat(V02Compression.LZ4.decompress(lz4(MESSAGE, MESSAGE.length), 1 << 20)).isEqualTo(MESSAGE);
        assertThat(V02Compression.ZSTD.decompress(Zstd.compress(MESSAGE), 1 << 20)).isEqualTo(MESSAGE);
        assertThat(V02Compression.NONE.decompress(MESSAGE, 1 << 20)).isEqualTo(MESSAGE);
    }

    @ParameterizedTest
    @EnumSource(V02Compression.class)
    void roundTripsRandomAndEmptyMessages(V02Compression compression) throws IOException {
        byte[] random = new byte[100_000];
        new Random(3).nextBytes(random);
        assertThat(compression.decompress(compression.compress(random), random.length)).isEqualTo(random);
        assertThat(compression.decompress(compression.compress(new byte[0]), 0)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = V02Compression.class, names = { "LZMA", "GZIP", "ZSTD" })
    void stopsAStreamingDecompressorAtTheLimit(V02Compression compression) {
        byte[] bomb = compression.compress(new byte[16 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThatExceptionOfType(V02Compression.MessageTooLargeException.class)
                .isThrownBy(() -> compression.decompress(bomb, 1024 * 1024))
                .withMessageContaining("above the limit of 1048576");
    }

    @Test
    void refusesAnLz4SizePrefixAboveTheLimitBeforeAllocating() {
        byte[] huge = lz4(new byte[16], Integer.MAX_VALUE);
        byte[] negative = lz4(new byte[16], -1);
        assertThatExceptionOfType(V02Compression.MessageTooLargeException.class)
                .isThrownBy(() -> V02Compression.LZ4.decompress(huge, 1024));
        assertThatExceptionOfType(V02Compression.MessageTooLargeException.class)
                .isThrownBy(() -> V02Compression.LZ4.decompress(negative, 1024));
    }

    @Test
    void refusesAnLz4BlockShorterOrLongerThanItsPrefix() {
        assertThatIOException().isThrownBy(() -> V02Compression.LZ4.decompress(lz4(MESSAGE, MESSAGE.length + 1),
                1 << 20));
        assertThatIOException().isThrownBy(() -> V02Compression.LZ4.decompress(lz4(MESSAGE, MESSAGE.length - 1),
                1 << 20));
        assertThatIOException().isThrownBy(() -> V02Compression.LZ4.decompress(new byte[3], 1 << 20));
    }

    @Test
    void refusesAnUncompressedMessageAboveTheLimit() {
        assertThatExceptionOfType(V02Compression.MessageTooLargeException.class)
                .isThrownBy(() -> V02Compression.NONE.decompress(new byte[1025], 1024));
    }

    @Test
    void refusesBytesThatAreNotOfTheirCompression() {
        byte[] garbage = "not compressed at all".getBytes(StandardCharsets.UTF_8);
        assertThatIOException().isThrownBy(() -> V02Compression.LZMA.decompress(garbage, 1 << 20));
        assertThatIOException().isThrownBy(() -> V02Compression.GZIP.decompress(garbage, 1 << 20));
        assertThatIOException().isThrownBy(() -> V02Compression.ZSTD.decompress(garbage, 1 << 20));
    }

    @Test
    void mapsTheHeaderCodes() {
        for (V02Compression compression : V02Compression.values()) {
            assertThat(V02Compression.ofCode(compression.code())).isSameAs(compression);
        }
        assertThat(V02Compression.ofCode(5)).isNull();
        assertThat(V02Compression.ofCode(255)).isNull();
        assertThat(V02Compression.LZMA.code()).isEqualTo(1);
        assertThat(V02Compression.ZSTD.code()).isEqualTo(4);
    }

    @Test
    void findsTheOptionalLibrariesOnTheTestClassPath() {
        for (V02Compression compression : V02Compression.values()) {
            assertThat(compression.isAvailable()).as(compression.name()).isTrue();
        }
    }

    private static byte[] xz(byte[] message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (XZOutputStream xz = new XZOutputStream(bytes, new LZMA2Options())) {
            xz.write(message);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(message);
        }
        return bytes.toByteArray();
    }

    private static byte[] lz4(byte[] message, long declaredSize) {
        byte[] block = LZ4Factory.safeInstance().fastCompressor().compress(message);
        return ByteBuffer.allocate(8 + block.length).putLong(declaredSize).put(block).array();
    }

}
