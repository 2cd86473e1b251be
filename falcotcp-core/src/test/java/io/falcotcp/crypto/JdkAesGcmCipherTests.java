package io.falcotcp.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the path JDK 17 takes for large messages in {@link JdkAesGcmCipher} (encryption in pieces, decryption
 * on a heap copy), chosen here whatever the JDK: the bytes are those of one {@code doFinal} over the whole message.
 * The Wycheproof vectors run it too, with a small array path.
 */
class JdkAesGcmCipherTests {

    private static final byte[] KEY = new byte[32];

    private static final byte[] NONCE = new byte[AeadCipher.NONCE_LENGTH];

    private static final byte[] ASSOCIATED_DATA = { 1, 2, 3 };

    static {
        new Random(7).nextBytes(KEY);
        new Random(8).nextBytes(NONCE);
    }

    /** A cipher per message: the JDK refuses to encrypt twice under one key and nonce. */
    private static AeadCipher inPieces() {
        return new JdkAesGcmCipher(KEY, 32 * 1024, true);
    }

    @ParameterizedTest
    @ValueSource(ints = { 32 * 1024 + 1, 64 * 1024, 64 * 1024 + 17, 3 * 32 * 1024, (1 << 20) + 3 })
    void encryptionInPiecesWritesTheBytesOfOneDoFinal(int length) throws GeneralSecurityException {
        byte[] message = message(length);
        byte[] expected = oneDoFinal(Cipher.ENCRYPT_MODE, message);
        for (boolean directPlaintext : new boolean[] { false, true }) {
            ByteBuffer sealed = ByteBuffer.allocateDirect(length + AeadCipher.TAG_LENGTH);
            ByteBuffer plaintext = wrap(message, directPlaintext);
            inPieces().encrypt(NONCE, ASSOCIATED_DATA, plaintext, sealed);
            assertThat(plaintext.hasRemaining()).isFalse();
            assertThat(sealed.hasRemaining()).isFalse();
            assertThat(bytes(sealed.flip())).as("direct plaintext: %b", directPlaintext).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 32 * 1024 + 1, 64 * 1024 + 17, (1 << 20) + 3 })
    void decryptionOnTheHeapOpensWhatOneDoFinalSealed(int length) throws GeneralSecurityException {
        byte[] message = message(length);
        byte[] sealed = oneDoFinal(Cipher.ENCRYPT_MODE, message);
        for (boolean directPlaintext : new boolean[] { false, true }) {
            ByteBuffer source = wrap(sealed, true);
            ByteBuffer opened = directPlaintext ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
            assertThat(inPieces().decrypt(NONCE, ASSOCIATED_DATA, source, opened)).isTrue();
            assertThat(source.hasRemaining()).isFalse();
            assertThat(opened.hasRemaining()).isFalse();
            assertThat(bytes(opened.flip())).as("direct plaintext: %b", directPlaintext).isEqualTo(message);
        }
    }

    @Test
    void aLargeMessageWithAChangedByteFailsToDecrypt() throws GeneralSecurityException {
        byte[] sealed = oneDoFinal(Cipher.ENCRYPT_MODE, message(100_000));
        sealed[50_000] ^= 1;
        assertThat(inPieces().decrypt(NONCE, ASSOCIATED_DATA, wrap(sealed, true), ByteBuffer.allocate(100_000)))
            .isFalse();
    }

    @Test
    void aCipherGoesOnAfterALargeMessageFailedToDecrypt() throws GeneralSecurityException {
        byte[] message = message(70_000);
        byte[] sealed = oneDoFinal(Cipher.ENCRYPT_MODE, message);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        AeadCipher cipher = inPieces();
        assertThat(cipher.decrypt(NONCE, ASSOCIATED_DATA, wrap(tampered, true), ByteBuffer.allocate(70_000)))
            .isFalse();
        ByteBuffer opened = ByteBuffer.allocate(70_000);
        assertThat(cipher.decrypt(NONCE, ASSOCIATED_DATA, wrap(sealed, true), opened)).isTrue();
        assertThat(opened.array()).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 24, -16 })
    void anArrayPathLimitMustBeAPositiveMultipleOfTheBlockSize(int limit) {
        assertThatIllegalArgumentException().isThrownBy(() -> new JdkAesGcmCipher(KEY, limit, true))
            .withMessageContaining("multiple of 16");
    }

    private static byte[] oneDoFinal(int mode, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, NONCE));
        cipher.updateAAD(ASSOCIATED_DATA);
        return cipher.doFinal(input);
    }

    private static byte[] message(int length) {
        byte[] message = new byte[length];
        new Random(length).nextBytes(message);
        return message;
    }

    private static ByteBuffer wrap(byte[] bytes, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(bytes.length).put(bytes).flip() : ByteBuffer.wrap(bytes);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

}
