package io.falcotcp.crypto;

import java.nio.ByteBuffer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests that the engines interoperate and reject what they must.
 */
class AeadCipherTests {

    private static final FalcoKey KEY = FalcoKey.generate();

    static Stream<Arguments> enginePairs() {
        return Stream.of(AeadEngine.values())
                .flatMap((from) -> Stream.of(AeadEngine.values()).map((to) -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("enginePairs")
    void whatOneEngineEncryptsTheOtherDecrypts(AeadEngine from, AeadEngine to) {
        AeadCipher sender = KEY.newCipher(from);
        AeadCipher receiver = KEY.newCipher(to);
        for (int length : new int[] { 0, 1, 15, 16, 17, 4095, 4096, 4097, 32_768, 32_769, 100_000, (1 << 20) + 3 }) {
            byte[] message = message(length);
            byte[] nonce = nonce();
            ByteBuffer sealed = ByteBuffer.allocateDirect(length + AeadCipher.TAG_LENGTH);
            sender.encrypt(nonce, ByteBuffer.wrap(message), sealed);
            assertThat(sealed.hasRemaining()).isFalse();
            ByteBuffer opened = ByteBuffer.allocate(length);
            assertThat(receiver.decrypt(nonce, sealed.flip(), opened)).as("length %d", length).isTrue();
            assertThat(opened.array()).isEqualTo(message);
        }
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void aCipherIsReusableAcrossManyMessagesInBothDirections(AeadEngine engine) {
        AeadCipher cipher = KEY.newCipher(engine);
        for (int i = 0; i < 50; i++) {
            byte[] message = message(i * 37);
            byte[] nonce = nonce();
            ByteBuffer sealed = ByteBuffer.allocate(message.length + AeadCipher.TAG_LENGTH);
            cipher.encrypt(nonce, ByteBuffer.wrap(message), sealed);
            ByteBuffer opened = ByteBuffer.allocateDirect(message.length);
            assertThat(cipher.decrypt(nonce, sealed.flip(), opened)).isTrue();
            byte[] plaintext = new byte[message.length];
            opened.flip().get(plaintext);
            assertThat(plaintext).isEqualTo(message);
        }
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void aWrongKeyFailsToDecrypt(AeadEngine engine) {
        byte[] message = message(100);
        byte[] nonce = nonce();
        ByteBuffer sealed = ByteBuffer.allocate(message.length + AeadCipher.TAG_LENGTH);
        KEY.newCipher(engine).encrypt(nonce, ByteBuffer.wrap(message), sealed);
        for (AeadEngine receiver : AeadEngine.values()) {
            ByteBuffer opened = ByteBuffer.allocate(message.length);
            assertThat(FalcoKey.generate().newCipher(receiver).decrypt(nonce, sealed.duplicate().flip(), opened))
                .isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void inputShorterThanATagFailsToDecrypt(AeadEngine engine) {
        assertThat(KEY.newCipher(engine).decrypt(nonce(), ByteBuffer.allocate(15), ByteBuffer.allocate(0))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void anOutputBufferThatIsTooSmallIsRejectedBeforeAnythingIsWritten(AeadEngine engine) {
        byte[] backing = new byte[64];
        ByteBuffer out = ByteBuffer.wrap(backing, 0, 20);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> KEY.newCipher(engine).encrypt(nonce(), ByteBuffer.wrap(message(10)), out))
            .withMessageContaining("needs 26");
        assertThat(backing).containsOnly(0);
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void readOnlyInputBuffersAreAccepted(AeadEngine engine) {
        AeadCipher cipher = KEY.newCipher(engine);
        byte[] message = message(9000);
        byte[] nonce = nonce();
        ByteBuffer sealed = ByteBuffer.allocate(message.length + AeadCipher.TAG_LENGTH);
        cipher.encrypt(nonce, ByteBuffer.wrap(message).asReadOnlyBuffer(), sealed);
        ByteBuffer opened = ByteBuffer.allocate(message.length);
        assertThat(cipher.decrypt(nonce, sealed.flip().asReadOnlyBuffer(), opened)).isTrue();
        assertThat(opened.array()).isEqualTo(message);
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void buffersWithAnOffsetIntoTheirArrayAreHonoured(AeadEngine engine) {
        AeadCipher cipher = KEY.newCipher(engine);
        byte[] message = message(100);
        byte[] nonce = nonce();
        byte[] input = new byte[message.length + 10];
        System.arraycopy(message, 0, input, 7, message.length);
        ByteBuffer plaintext = ByteBuffer.wrap(input, 7, message.length).slice();
        ByteBuffer sealed = ByteBuffer.allocate(200).position(50).slice();
        cipher.encrypt(nonce, plaintext, sealed);
        ByteBuffer opened = ByteBuffer.allocate(300).position(123).slice();
        assertThat(cipher.decrypt(nonce, sealed.flip(), opened)).isTrue();
        byte[] plaintextOut = new byte[message.length];
        opened.flip().get(plaintextOut);
        assertThat(plaintextOut).isEqualTo(message);
    }

    @Test
    void theEnginesAgreeByteForByte() {
        // on both sides of JdkAesGcmCipher's 32 KiB split and the JDK's 64 KiB one, on heap and direct buffers
        for (int length : new int[] { 1000, 32_768, 32_769, 100_003, 1_048_576 }) {
            byte[] message = message(length);
            byte[] nonce = nonce();
            ByteBuffer jdk = ByteBuffer.allocate(message.length + AeadCipher.TAG_LENGTH);
            ByteBuffer jdkDirect = ByteBuffer.allocateDirect(message.length + AeadCipher.TAG_LENGTH);
            ByteBuffer bouncyCastle = ByteBuffer.allocateDirect(message.length + AeadCipher.TAG_LENGTH);
            KEY.newCipher(AeadEngine.JDK).encrypt(nonce, ByteBuffer.wrap(message), jdk);
            KEY.newCipher(AeadEngine.JDK).encrypt(nonce, ByteBuffer.allocateDirect(length).put(message).flip(),
                    jdkDirect);
            KEY.newCipher(AeadEngine.BOUNCY_CASTLE).encrypt(nonce, ByteBuffer.wrap(message), bouncyCastle);
            assertThat(bouncyCastle.flip()).as("length %d", length).isEqualTo(jdk.flip()).isEqualTo(jdkDirect.flip());
            // and each opens what the other sealed, from direct memory into a heap buffer as the codecs do
            ByteBuffer openedByJdk = ByteBuffer.allocate(length);
            ByteBuffer openedByBouncyCastle = ByteBuffer.allocate(length);
            assertThat(KEY.newCipher(AeadEngine.JDK).decrypt(nonce, bouncyCastle.duplicate(), openedByJdk)).isTrue();
            assertThat(KEY.newCipher(AeadEngine.BOUNCY_CASTLE).decrypt(nonce, jdkDirect.duplicate(),
                    openedByBouncyCastle)).isTrue();
            assertThat(openedByJdk.flip()).as("length %d", length).isEqualTo(ByteBuffer.wrap(message))
                .isEqualTo(openedByBouncyCastle.flip());
        }
    }

    private static byte[] message(int length) {
        byte[] message = new byte[length];
        for (int i = 0; i < length; i++) {
            message[i] = (byte) (i * 31 + 7);
        }
        return message;
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[AeadCipher.NONCE_LENGTH];
        NonceSource.next(nonce, 0);
        return nonce;
    }

}
