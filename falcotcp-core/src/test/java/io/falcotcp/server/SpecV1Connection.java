package io.falcotcp.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A v1 client connection written from the protocol document alone (plain socket, JDK AES-GCM), to test the server
 * independently of the project's own codecs and ciphers.
 */
final class SpecV1Connection implements AutoCloseable {

    static final int NONCE = 12;

    static final int TAG = 16;

    private static final SecureRandom random = new SecureRandom();

    private final byte[] key;

    private final Socket socket;

    private final DataInputStream in;

    private final OutputStream out;

    private SpecV1Connection(byte[] key, Socket socket) throws IOException {
        this.key = key;
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static SpecV1Connection connect(int port, byte[] key) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        return new SpecV1Connection(key, socket);
    }

    /** Connects and authenticates, asserting the single {@code 0xFF} answer. */
    static SpecV1Connection open(int port, byte[] key) throws IOException {
        SpecV1Connection connection = connect(port, key);
        connection.write(authFrame(key));
        assertThat(connection.readExactly(1)).containsExactly(0xFF);
        return connection;
    }

    static byte[] seal(byte[] key, byte[] plaintext) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, nonce));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE + ciphertext.length).put(nonce).put(ciphertext).array();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static byte[] open(byte[] key, byte[] sealed) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(TAG * 8, sealed, 0, NONCE));
        return cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
    }

    /** {@code 0x00 ‖ nonce ‖ AES-GCM(128 random bytes) ‖ tag}: 157 bytes. */
    static byte[] authFrame(byte[] key) {
        byte[] challenge = new byte[128];
        random.nextBytes(challenge);
        return concat(new byte[] { 0x00 }, seal(key, challenge));
    }

    /** {@code 0x01 ‖ u64 len ‖ sealed}. */
    static byte[] messageFrame(byte[] key, byte[] plaintext) {
        return messageFrameOf(seal(key, plaintext));
    }

    static byte[] messageFrameOf(byte[] body) {
        return ByteBuffer.allocate(9 + body.length).put((byte) 0x01).putLong(body.length).put(body).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }

    void write(byte[] bytes) throws IOException {
        this.out.write(bytes);
        this.out.flush();
    }

    void send(byte[] plaintext) throws IOException {
        write(messageFrame(this.key, plaintext));
    }

    void ping() throws IOException {
        write(new byte[] { 0x02 });
    }

    byte[] readExactly(int length) throws IOException {
        byte[] bytes = new byte[length];
        this.in.readFully(bytes);
        return bytes;
    }

    /** Reads one response and returns its sealed part; an empty array for the empty response ({@code len = 0}). */
    byte[] readSealedResponse() throws IOException {
        long length = this.in.readLong();
        assertThat(length).isBetween(0L, 64L * 1024 * 1024);
        return readExactly((int) length);
    }

    /** Reads one response and opens it; {@code null} for the empty response ({@code len = 0}). */
    byte[] readResponse() throws IOException, GeneralSecurityException {
        byte[] sealed = readSealedResponse();
        return (sealed.length == 0) ? null : open(this.key, sealed);
    }

    byte[] request(byte[] plaintext) throws IOException, GeneralSecurityException {
        send(plaintext);
        return readResponse();
    }

    /** Asserts that the server closes the connection within the timeout without sending anything (more). */
    void assertClosedWithoutData(Duration timeout) throws IOException {
        this.socket.setSoTimeout((int) timeout.toMillis());
        try {
            int read = this.in.read();
            assertThat(read).as("byte read instead of a close").isEqualTo(-1);
        }
        catch (SocketTimeoutException ex) {
            fail("the server did not close the connection within " + timeout);
        }
        catch (SocketException ex) {
            // connection reset: closed with unread input, still a close
        }
    }

    /** Asserts that nothing arrives for the given time and the connection stays open. */
    void assertNothingReceivedFor(Duration time) throws IOException {
        this.socket.setSoTimeout((int) time.toMillis());
        try {
            int read = this.in.read();
            fail(read == -1 ? "the connection was closed" : "received a byte: " + read);
        }
        catch (SocketTimeoutException ex) {
            // nothing arrived, as expected
        }
        finally {
            this.socket.setSoTimeout(30_000);
        }
    }

    /**
     * Reads what comes next: {@code true} for end-of-stream (a clean close after everything sent), {@code false} for
     * more data; a reset is thrown as the {@link java.net.SocketException} it is.
     */
    boolean endsCleanly(Duration timeout) throws IOException {
        this.socket.setSoTimeout((int) timeout.toMillis());
        return this.in.read() == -1;
    }

    boolean isClosedByPeer(Duration timeout) throws IOException {
        this.socket.setSoTimeout((int) timeout.toMillis());
        try {
            return this.in.read() == -1;
        }
        catch (SocketTimeoutException ex) {
            return false;
        }
        catch (SocketException | EOFException ex) {
            return true;
        }
        finally {
            if (!this.socket.isClosed()) {
                this.socket.setSoTimeout(30_000);
            }
        }
    }

    /** Ends the client's stream (a half-close): the server answers what it read, then closes. */
    void shutdownOutput() throws IOException {
        this.socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

}
