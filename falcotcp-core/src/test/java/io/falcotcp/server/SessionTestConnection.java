package io.falcotcp.server;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.crypto.SessionKeys;
import io.falcotcp.protocol.SessionCipher;
import io.falcotcp.protocol.SessionCodec;
import io.falcotcp.protocol.SessionHandshake;
import io.falcotcp.protocol.SessionMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blocking session-mode client on a plain socket, for tests that need to send frames the real client never
 * would: replayed, reordered, missing or modified ones.
 */
final class SessionTestConnection implements Closeable {

    private final Socket socket;

    private final DataInputStream in;

    private final OutputStream out;

    private final SessionHandshake.ClientHandshake handshake;

    private byte[] reply;

    private SessionHandshake.Session session;

    private SessionCipher sealer;

    private SessionCipher opener;

    private SessionTestConnection(Socket socket, SessionHandshake.ClientHandshake handshake) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.handshake = handshake;
    }

    /** Connects and sends a session hello, without reading the answer. */
    static SessionTestConnection hello(int port, FalcoKey key) throws IOException {
        return hello(port, key, 0);
    }

    /** Connects and sends a session hello requesting some features, without reading the answer. */
    static SessionTestConnection hello(int port, FalcoKey key, int features) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        SessionTestConnection connection = new SessionTestConnection(socket,
                SessionHandshake.startClient(key, AeadEngine.DEFAULT, features));
        connection.write(connection.handshake.authFrame());
        return connection;
    }

    /** Connects and completes the session handshake, asserting that the server accepted the session mode. */
    static SessionTestConnection open(int port, FalcoKey key) throws IOException {
        return open(port, key, 0);
    }

    /** Connects and completes the session handshake, requesting some features. */
    static SessionTestConnection open(int port, FalcoKey key, int features) throws IOException {
        SessionTestConnection connection = hello(port, key, features);
        connection.readReply();
        SessionHandshake.Session session = connection.handshake.finish(connection.reply);
        assertThat(session).as("session negotiated").isNotNull();
        connection.session = session;
        SessionKeys keys = session.keys();
        connection.sealer = new SessionCipher(AeadEngine.DEFAULT, keys.clientToServerKey(),
                keys.clientToServerNonceBase());
        connection.opener = new SessionCipher(AeadEngine.DEFAULT, keys.serverToClientKey(),
                keys.serverToClientNonceBase());
        return connection;
    }

    /** Reads the {@code 0xFE} answer and the sealed reply after it. */
    byte[] readReply() throws IOException {
        assertThat(this.in.readUnsignedByte()).isEqualTo(SessionHandshake.ACK_SESSION & 0xFF);
        this.reply = new byte[SessionHandshake.REPLY_SEALED_LENGTH];
        this.in.readFully(this.reply);
        return this.reply.clone();
    }

    SessionHandshake.ClientHandshake handshake() {
        return this.handshake;
    }

    SessionHandshake.Session session() {
        return this.session;
    }

    /** Seals a message under the next client counter: {@code len ‖ ciphertext ‖ tag}. */
    byte[] frame(SessionMessage message) {
        return frame(message, null);
    }

    /** Seals a message whose body is replaced by a compressed body (flag bit 0 set). */
    byte[] frame(SessionMessage message, byte[] compressedBody) {
        ByteBuf plaintext = Unpooled.buffer();
        ByteBuf frame = Unpooled.buffer();
        try {
            SessionCodec.encode(message, compressedBody, plaintext);
            frame.writeInt(plaintext.readableBytes() + 16);
            this.sealer.seal(plaintext.nioBuffer(), frame);
            return ByteBufUtil.getBytes(frame);
        }
        finally {
            plaintext.release();
            frame.release();
        }
    }

    void write(byte[] bytes) throws IOException {
        this.out.write(bytes);
        this.out.flush();
    }

    SessionMessage.Response readResponse() throws IOException {
        return (SessionMessage.Response) readMessage();
    }

    /** Reads and opens the next server frame under the next server counter. */
    SessionMessage readMessage() throws IOException {
        int length = this.in.readInt();
        assertThat(length).isBetween(16, 1 << 24);
        byte[] sealed = new byte[length];
        this.in.readFully(sealed);
        ByteBuf source = Unpooled.wrappedBuffer(sealed);
        ByteBuf plaintext = Unpooled.buffer(length);
        try {
            assertThat(this.opener.open(source, plaintext)).as("server frame opens").isTrue();
            return SessionCodec.decode(plaintext);
        }
        finally {
            source.release();
            plaintext.release();
        }
    }

    /**
     * Reads what comes next: {@code true} for end-of-stream (a clean close after everything sent), {@code false} for
     * more data; a reset is thrown as the {@link SocketException} it is.
     */
    boolean endsCleanly(Duration timeout) throws IOException {
        this.socket.setSoTimeout((int) timeout.toMillis());
        return this.in.read() == -1;
    }

    /**
     * Whether the server closes the connection within the timeout without writing a byte more: end-of-stream or a
     * reset; {@code false} when a byte arrives first or nothing happens within the timeout.
     */
    boolean closesWithoutAnswer(Duration timeout) throws IOException {
        this.socket.setSoTimeout((int) timeout.toMillis());
        try {
            return this.in.read() == -1;
        }
        catch (SocketTimeoutException ex) {
            return false;
        }
        catch (SocketException ex) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

}
