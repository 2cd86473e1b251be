package io.falcotcp.testsupport;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A session-mode client written from {@code docs/protocol.md} with a plain socket and {@link SpecSession} (JDK
 * AES-GCM, BouncyCastle's low-level HKDF and X25519): no codec, cipher or handshake class of the project.
 */
public final class SpecSessionConnection implements Closeable {

    private final Socket socket;

    private final DataInputStream in;

    private final OutputStream out;

    private final ByteBuffer replyPlaintext;

    private final SpecSession.Direction sealer;

    private final SpecSession.Direction opener;

    private byte[] lastFrameRead = new byte[0];

    private SpecSessionConnection(Socket socket, byte[] replyPlaintext, SpecSession.Keys keys) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.replyPlaintext = ByteBuffer.wrap(replyPlaintext).asReadOnlyBuffer();
        this.sealer = keys.clientToServer();
        this.opener = keys.serverToClient();
    }

    /**
     * Connects, sends a version-2 hello requesting some features and checks the server's reply as the client must:
     * {@code 0xFE}, a tag that verifies with the reply's associated data, version 2, the hash of this auth frame and
     * accepted features among the requested ones.
     */
    public static SpecSessionConnection open(int port, byte[] psk, int features) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        byte[] privateKey = SpecSession.randomBytes(32);
        byte[] clientRandom = SpecSession.randomBytes(32);
        byte[] hello = SpecSession.hello(features, clientRandom, SpecSession.x25519PublicKey(privateKey),
                System.currentTimeMillis(), 1 << 20, SpecSession.randomBytes(42));
        byte[] authFrame = SpecSession.authFrame(psk, SpecSession.randomBytes(12), hello);
        socket.getOutputStream().write(authFrame);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] reply = new byte[SpecSession.REPLY_LENGTH];
        in.readFully(reply);
        assertThat(reply[0]).as("session acknowledged").isEqualTo(SpecSession.ACK_SESSION);
        byte[] plaintext = SpecSession.open(psk, Arrays.copyOfRange(reply, 1, 13), SpecSession.REPLY_ASSOCIATED_DATA,
                Arrays.copyOfRange(reply, 13, reply.length));
        assertThat(plaintext).as("reply opens with its associated data").isNotNull().hasSize(114);
        assertThat(plaintext[0]).as("reply version").isEqualTo(SpecSession.VERSION);
        assertThat(plaintext[1] & ~features).as("features accepted beyond the requested ones").isZero();
        assertThat(Arrays.copyOfRange(plaintext, 82, 114)).as("reply bound to the auth frame")
            .isEqualTo(SpecSession.sha256(authFrame));
        byte[] shared = SpecSession.x25519(privateKey, Arrays.copyOfRange(plaintext, 34, 66));
        SpecSession.Keys keys = SpecSession.deriveKeys(psk, shared, clientRandom, Arrays.copyOfRange(plaintext, 2, 34),
                authFrame, reply);
        return new SpecSessionConnection(socket, plaintext, keys);
    }

    public int acceptedFeatures() {
        return this.replyPlaintext.get(1) & 0xFF;
    }

    public int maxInFlight() {
        return this.replyPlaintext.getInt(66);
    }

    public int maxFrameSize() {
        return this.replyPlaintext.getInt(70);
    }

    public int maxDecompressedBody() {
        return this.replyPlaintext.getInt(74);
    }

    public int keyLifetimeSeconds() {
        return this.replyPlaintext.getInt(78);
    }

    /** Seals a plaintext as the next client frame: {@code len ‖ ciphertext ‖ tag}, without writing it. */
    public byte[] frame(byte[] plaintext) {
        return this.sealer.sealFrame(plaintext);
    }

    /** Seals and writes a plaintext as the next client frame. */
    public void send(byte[] plaintext) throws IOException {
        write(frame(plaintext));
    }

    public void write(byte[] bytes) throws IOException {
        this.out.write(bytes);
        this.out.flush();
    }

    /** Reads the next server frame and opens it under the next server counter. */
    public byte[] read() throws IOException {
        int length = this.in.readInt();
        assertThat(length).as("server frame length").isBetween(16, 1 << 24);
        byte[] sealed = new byte[length];
        this.in.readFully(sealed);
        this.lastFrameRead = SpecSession.concat(ByteBuffer.allocate(4).putInt(length).array(), sealed);
        byte[] plaintext = this.opener.open(sealed);
        assertThat(plaintext).as("server frame opens under the next counter").isNotNull();
        return plaintext;
    }

    /** The whole last frame read, as it came over the wire. */
    public byte[] lastFrameRead() {
        return this.lastFrameRead.clone();
    }

    /** Reads the next server frame, which must be a response. */
    public Response readResponse() throws IOException {
        return Response.parse(read());
    }

    /** Sends a ping and reads frames up to its pong; returns nothing else, so that there must be none. */
    public void pingPong() throws IOException {
        send(new byte[] { SpecSession.KIND_PING });
        assertThat(read()).as("pong").containsExactly(SpecSession.KIND_PONG);
    }

    /**
     * Asserts that the server closes the connection without writing a single byte more: end-of-stream (or a reset)
     * within the timeout, no data before it.
     */
    public void assertClosedWithoutAnswer(Duration timeout) throws IOException {
        this.socket.setSoTimeout((int) timeout.toMillis());
        int next;
        try {
            next = this.in.read();
        }
        catch (SocketTimeoutException ex) {
            fail("the server did not close the connection within " + timeout);
            return;
        }
        catch (SocketException ex) {
            return;
        }
        assertThat(next).as("byte read where the server should have closed without answering").isEqualTo(-1);
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

    /** A response plaintext as the document lays it out. */
    public record Response(int id, int flags, int status, String message, byte[] rest) {

        static Response parse(byte[] plaintext) {
            ByteBuffer buffer = ByteBuffer.wrap(plaintext);
            assertThat(buffer.get() & 0xFF).as("kind").isEqualTo(SpecSession.KIND_RESPONSE);
            int id = buffer.getInt();
            int flags = buffer.get() & 0xFF;
            int status = buffer.get() & 0xFF;
            byte[] message = new byte[buffer.getShort() & 0xFFFF];
            buffer.get(message);
            byte[] rest = new byte[buffer.remaining()];
            buffer.get(rest);
            return new Response(id, flags, status, new String(message, StandardCharsets.UTF_8), rest);
        }

    }

}
