package io.falcotcp.crypto;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FalcoKey}: the encodings it accepts, and error messages that never reveal key text.
 */
class FalcoKeyTests {

    private static final byte[] BYTES = new byte[FalcoKey.LENGTH];

    static {
        for (int i = 0; i < BYTES.length; i++) {
            // 0xfb, 0xfc... make standard base64 use '+' and '/' and url-safe base64 '-' and '_'
            BYTES[i] = (byte) (0xf0 + i * 7);
        }
    }

    private static final FalcoKey KEY = FalcoKey.of(BYTES);

    // looks like a real secret so that an echo in a message would be caught
    private static final String SECRET = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWsh";

    @Test
    void standardBase64WithAndWithoutPaddingIsAccepted() {
        String text = Base64.getEncoder().encodeToString(BYTES);
        assertThat(text).containsAnyOf("+", "/");
        assertThat(FalcoKey.fromBase64(text)).isEqualTo(KEY);
        assertThat(FalcoKey.fromBase64(text.replace("=", ""))).isEqualTo(KEY);
        assertThat(FalcoKey.fromBase64("  " + text + "\n")).isEqualTo(KEY);
    }

    @Test
    void urlSafeBase64IsAccepted() {
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(BYTES);
        assertThat(text).containsAnyOf("-", "_");
        assertThat(FalcoKey.fromBase64(text)).isEqualTo(KEY);
    }

    @Test
    void hexInEitherCaseIsAccepted() {
        String text = HexFormat.of().formatHex(BYTES);
        assertThat(FalcoKey.fromHex(text)).isEqualTo(KEY);
        assertThat(FalcoKey.fromHex(text.toUpperCase())).isEqualTo(KEY);
    }

    @Test
    void parseDetectsHexAndBase64() {
        assertThat(FalcoKey.parse(HexFormat.of().formatHex(BYTES))).isEqualTo(KEY);
        assertThat(FalcoKey.parse(Base64.getEncoder().encodeToString(BYTES))).isEqualTo(KEY);
        assertThat(FalcoKey.parse(Base64.getUrlEncoder().encodeToString(BYTES))).isEqualTo(KEY);
    }

    @Test
    void aFileWithTheRawBytesIsRead(@TempDir Path directory) throws Exception {
        Path file = Files.write(directory.resolve("falco.key"), BYTES);
        assertThat(FalcoKey.fromFile(file)).isEqualTo(KEY);
    }

    @Test
    void aFileWithTextIsReadIgnoringTheTrailingNewline(@TempDir Path directory) throws Exception {
        Path hex = Files.writeString(directory.resolve("hex.key"), HexFormat.of().formatHex(BYTES) + "\n");
        Path base64 = Files.writeString(directory.resolve("b64.key"), Base64.getEncoder().encodeToString(BYTES) + "\n");
        assertThat(FalcoKey.fromFile(hex)).isEqualTo(KEY);
        assertThat(FalcoKey.fromFile(base64)).isEqualTo(KEY);
    }

    @Test
    void aFileWithABadKeyIsNamedWithoutItsContent(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("bad.key"), SECRET);
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.fromFile(file))
            .withMessageContaining(file.toString())
            .withMessageContaining("32 bytes")
            .withMessageNotContaining(SECRET);
    }

    @Test
    void aServerKeyFileListsSeveralKeysCurrentFirstSkippingCommentsAndBlankLines() throws Exception {
        FalcoKey next = FalcoKey.generate();
        String text = "# rotation of 2026-12-01: the new key first\n" + Base64.getEncoder().encodeToString(next.toByteArray())
                + "\r\n\n  " + HexFormat.of().formatHex(BYTES) + "  \n";
        assertThat(FalcoKey.readAll(stream(text), "the key file")).containsExactly(next, KEY);
    }

    @Test
    void aKeyFileWithSeveralKeysIsRefusedWhereOneIsExpected() {
        String text = Base64.getEncoder().encodeToString(BYTES) + "\n" + HexFormat.of().formatHex(BYTES) + "\n";
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.read(stream(text), "the client's key file"))
            .withMessageContaining("the client's key file holds 2 FalcoTCP keys where one is expected");
    }

    @Test
    void aBadLineIsNamedByItsNumberWithoutItsContent() {
        String text = Base64.getEncoder().encodeToString(BYTES) + "\n" + SECRET + "\n";
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.readAll(stream(text), "the key file"))
            .withMessageContaining("the key file does not hold a usable FalcoTCP key: line 2:")
            .withMessageNotContaining(SECRET);
    }

    @Test
    void aKeyFileWithoutKeysOrWithTooManyIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.readAll(stream("# nothing yet\n\n"), "f"))
            .withMessageContaining("no key in it");
        String many = (Base64.getEncoder().encodeToString(BYTES) + "\n").repeat(FalcoKey.MAX_KEYS + 1);
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.readAll(stream(many), "f"))
            .withMessageContaining("more than " + FalcoKey.MAX_KEYS + " keys");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aFileOf32TextCharactersIsTextNotARawKey(@TempDir Path directory) throws Exception {
        // what 'openssl rand -hex 16' writes, without its newline: a 16-byte key
        Path file = Files.writeString(directory.resolve("short.key"), "00112233445566778899aabbccddeeff");
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.fromFile(file))
            .withMessageContaining("32 bytes")
            .withMessageContaining("decodes to");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path directory) {
        Path file = directory.resolve("missing.key");
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.fromFile(file))
            .withMessageContaining("cannot read")
            .withMessageContaining(file.toString());
    }

    @Test
    void aMissingEnvironmentVariableIsNamed() {
        String variable = "FALCOTCP_TEST_KEY_THAT_IS_NEVER_SET_" + System.nanoTime();
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.fromEnvironment(variable))
            .withMessageContaining(variable)
            .withMessageContaining("is not set")
            .withMessageContaining("openssl rand -base64 32");
    }

    @Test
    void aKeyOfTheWrongLengthNamesBothLengthsButNotTheKey() {
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.parse(SECRET))
            .withMessageContaining("32 bytes")
            .withMessageContaining("decodes to 30")
            .withMessageNotContaining(SECRET);
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.of(new byte[16]))
            .withMessageContaining("got 16");
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.fromHex("abcd"))
            .withMessageContaining("decodes to 2")
            .withMessageNotContaining("abcd");
    }

    @Test
    void badCharactersAreReportedWithoutEchoingTheKey() {
        String notBase64 = SECRET.substring(0, 20) + "*" + SECRET.substring(21);
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.fromBase64(notBase64))
            .withMessageContaining("not base64")
            .withMessageNotContaining(notBase64)
            .withMessageNotContaining("*");
        String notHex = "zz" + HexFormat.of().formatHex(BYTES).substring(2);
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.fromHex(notHex))
            .withMessageContaining("not a hex digit")
            .withMessageNotContaining(notHex)
            .withMessageNotContaining("zz");
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.fromHex("abc"))
            .withMessageContaining("even number of digits");
    }

    @Test
    void blankTextIsReportedAsEmpty() {
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoKey.parse("  \n"))
            .withMessageContaining("empty");
    }

    @Test
    void toStringIsRedacted() {
        assertThat(KEY.toString()).isEqualTo("FalcoKey[redacted]")
            .doesNotContain(HexFormat.of().formatHex(BYTES))
            .doesNotContain(Base64.getEncoder().encodeToString(BYTES));
    }

    @Test
    void generatedKeysAreDistinct() {
        Set<FalcoKey> keys = new HashSet<>();
        Set<String> encoded = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            FalcoKey key = FalcoKey.generate();
            keys.add(key);
            encoded.add(HexFormat.of().formatHex(key.toByteArray()));
        }
        assertThat(keys).hasSize(100);
        assertThat(encoded).hasSize(100);
    }

    @Test
    void keysWithTheSameBytesAreEqual() {
        FalcoKey same = FalcoKey.of(BYTES.clone());
        byte[] otherBytes = BYTES.clone();
        otherBytes[31] ^= 1;
        assertThat(same).isEqualTo(KEY).hasSameHashCodeAs(KEY);
        assertThat(FalcoKey.of(otherBytes)).isNotEqualTo(KEY);
        assertThat(KEY).isNotEqualTo("FalcoKey[redacted]");
    }

    @Test
    void theKeyBytesAreCopiedInAndOut() {
        byte[] input = BYTES.clone();
        FalcoKey key = FalcoKey.of(input);
        input[0] ^= 1;
        key.toByteArray()[1] ^= 1;
        assertThat(key.toByteArray()).isEqualTo(BYTES);
    }

}
