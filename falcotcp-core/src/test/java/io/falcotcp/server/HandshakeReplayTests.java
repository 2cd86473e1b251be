package io.falcotcp.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.falcotcp.crypto.FalcoKey;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The handshake against replays, with hellos and auth frames written byte by byte from docs/protocol.md (not with
 * the production handshake code): a replayed auth frame or a session hello outside the replay window gets no byte
 * and costs no key agreement, the version-2 reply is sealed with associated data, version-1 hellos get the session
 * mode only when the server is told to accept them.
 */
class HandshakeReplayTests {

    private static final byte[] MARKER = "FalcoSes".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] REPLY_AD = "FalcoTCP session reply v2".getBytes(StandardCharsets.US_ASCII);

    private static final SecureRandom random = new SecureRandom();

    private final byte[] key = FalcoKey.generate().toByteArray();

    private FalcoServer server;

    @AfterEach
    void stop() {
        if (this.server != null) {
            this.server.stop();
        }
    }

    @Test
    void plainV1AuthFrameReplayedOnANewConnectionIsClosedWithoutAByte() throws Exception {
        int port = start(Duration.ofSeconds(60), false);
        byte[] auth = authFrame(randomBytes(128));
        assertThat(answer(port, auth, 1)).containsExactly(0xFF);
        assertThat(answer(port, auth, 1)).isEmpty();
        assertThat(this.server.stats().replayedHandshakes()).isEqualTo(1);
        assertThat(this.server.stats().authenticationFailures()).isZero();
    }

    @Test
    void sessionHelloWithAClockOutsideTheReplayWindowGetsNoByteAndNoKeyAgreement() throws Exception {
        int port = start(Duration.ofSeconds(30), false);
        long now = System.currentTimeMillis();
        assertThat(answer(port, authFrame(hello(2, now - 31_000, publicKey())), 1)).isEmpty();
        assertThat(answer(port, authFrame(hello(2, now + 31_000, publicKey())), 1)).isEmpty();
        assertThat(this.server.stats().replayedHandshakes()).isEqualTo(2);
        assertThat(this.server.stats().sessionHandshakes()).isZero();
    }

    @Test
    void sessionHelloInsideTheWindowIsAnsweredWithAReplyOnlyTheAssociatedDataOpens() throws Exception {
        int port = start(Duration.ofSeconds(30), false);
        byte[] auth = authFrame(hello(2, System.currentTimeMillis() - 20_000, publicKey()));
        byte[] answer = answer(port, auth, 1 + 12 + 114 + 16);
        assertThat(answer).hasSize(143);
        assertThat(answer[0]).isEqualTo((byte) 0xFE);
        byte[] nonce = Arrays.copyOfRange(answer, 1, 13);
        byte[] sealed = Arrays.copyOfRange(answer, 13, answer.length);
        // a v1 message carries no associated data: the reply cannot be taken for one
        assertThatExceptionOfType(AEADBadTagException.class).isThrownBy(() -> open(nonce, new byte[0], sealed));
        byte[] reply = open(nonce, REPLY_AD, sealed);
        assertThat(reply[0]).isEqualTo((byte) 2);
        byte[] boundTo = Arrays.copyOfRange(reply, 82, 114);
        assertThat(boundTo).isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(auth));
        assertThat(ByteBuffer.wrap(reply).getInt(78)).as("key lifetime in seconds").isEqualTo(3600);
        assertThat(this.server.stats().sessionHandshakes()).isEqualTo(1);
    }

    @Test
    void versionOneHelloIsPlainV1UnlessTheServerAcceptsIt() throws Exception {
        int port = start(Duration.ofSeconds(30), false);
        assertThat(answer(port, authFrame(hello(1, 0, publicKey())), 1)).containsExactly(0xFF);
        this.server.stop();
        port = start(Duration.ofSeconds(30), true);
        byte[] answer = answer(port, authFrame(hello(1, 0, publicKey())), 1 + 12 + 106 + 16);
        assertThat(answer[0]).isEqualTo((byte) 0xFE);
        byte[] reply = open(Arrays.copyOfRange(answer, 1, 13), new byte[0], Arrays.copyOfRange(answer, 13, 135));
        assertThat(reply).hasSize(106);
        assertThat(reply[0]).isEqualTo((byte) 1);
        assertThat(this.server.stats().sessionVersion1Handshakes()).isEqualTo(1);
    }

    @Test
    void fullReplayCacheRefusesHandshakesItCannotCheck() throws Exception {
        this.server = TestServers.startEcho(this.key, (builder) -> builder.replayCacheCapacity(2));
        int port = this.server.port();
        assertThat(answer(port, authFrame(randomBytes(128)), 1)).containsExactly(0xFF);
        assertThat(answer(port, authFrame(randomBytes(128)), 1)).containsExactly(0xFF);
        assertThat(answer(port, authFrame(randomBytes(128)), 1)).isEmpty();
        assertThat(this.server.stats().replayCacheOverflows()).isEqualTo(1);
    }

    @Test
    void tcpProbeThatConnectsAndClosesIsNotCountedAsAFailedHandshake() throws Exception {
        int port = start(Duration.ofSeconds(30), false);
        for (int i = 0; i < 5; i++) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            }
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (this.server.stats().activeConnections() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertThat(this.server.stats().activeConnections()).isZero();
        assertThat(this.server.stats().authenticationFailures()).isZero();
    }

    private int start(Duration replayWindow, boolean acceptSessionVersion1) {
        this.server = TestServers.startEcho(this.key, (builder) -> builder.replayWindow(replayWindow)
            .acceptSessionVersion1(acceptSessionVersion1));
        return this.server.port();
    }

    /** Sends an auth frame on a new connection and reads what comes back until the expected length or the close. */
    private static byte[] answer(int port, byte[] authFrame, int expected) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(authFrame);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[expected];
            int read = 0;
            while (read < expected) {
                int n = in.read(answer, read, expected - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return Arrays.copyOf(answer, read);
        }
    }

    private static byte[] hello(int version, long clockMillis, byte[] publicKey) {
        ByteBuffer plaintext = ByteBuffer.wrap(randomBytes(128));
        plaintext.put(MARKER).put((byte) version).put((byte) 0).put(randomBytes(32)).put(publicKey);
        if (version == 2) {
            plaintext.putLong(clockMillis).putInt(1024 * 1024);
        }
        return plaintext.array();
    }

    private static byte[] publicKey() {
        byte[] privateKey = new byte[32];
        X25519.generatePrivateKey(random, privateKey);
        byte[] publicKey = new byte[32];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    private byte[] authFrame(byte[] plaintext) throws GeneralSecurityException {
        byte[] nonce = randomBytes(12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(this.key, "AES"), new GCMParameterSpec(128, nonce));
        byte[] sealed = cipher.doFinal(plaintext);
        byte[] frame = new byte[157];
        frame[0] = 0x00;
        System.arraycopy(nonce, 0, frame, 1, 12);
        System.arraycopy(sealed, 0, frame, 13, 144);
        return frame;
    }

    private byte[] open(byte[] nonce, byte[] associatedData, byte[] sealed) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(this.key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(sealed);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

}
