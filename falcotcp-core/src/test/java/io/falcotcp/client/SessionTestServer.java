package io.falcotcp.client;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.crypto.SessionKeys;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.protocol.SessionCipher;
import io.falcotcp.protocol.SessionCodec;
import io.falcotcp.protocol.SessionHandshake;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.testsupport.BlockingServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * A session-mode server on blocking sockets, one thread per connection, for client tests that must see every frame
 * the client writes: it answers the session hello, opens each client frame under the next counter and records its
 * message in arrival order, answers pings with pongs (unless told not to) and requests with their own body.
 */
final class SessionTestServer implements AutoCloseable {

    private final FalcoKey key;

    private final SecretKeySpec authKey;

    private final Queue<SessionMessage> received = new ConcurrentLinkedQueue<>();

    private volatile boolean answerPings = true;

    private BlockingServer server;

    SessionTestServer(FalcoKey key) {
        this.key = key;
        this.authKey = new SecretKeySpec(key.toByteArray(), "AES");
    }

    /** Reads pings without ever answering them, as a server that stopped answering would. */
    SessionTestServer ignorePings() {
        this.answerPings = false;
        return this;
    }

    SessionTestServer start() throws IOException {
        this.server = BlockingServer.start("session-test-server", this::serve);
        return this;
    }

    int port() {
        return this.server.port();
    }

    /** The messages opened so far, of all connections, in the order they arrived. */
    List<SessionMessage> received() {
        return List.copyOf(this.received);
    }

    @Override
    public void close() {
        this.server.close();
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            byte[] authFrame = new byte[157];
            in.readFully(authFrame);
            SessionHandshake.ClientHello hello = SessionHandshake.parseHello(openAuthFrame(authFrame));
            if (hello == null) {
                return;
            }
            SessionHandshake.ServerAnswer answer = SessionHandshake.answer(this.key, AeadEngine.DEFAULT, hello,
                    authFrame, new SessionHandshake.Offer(0, 64, 1 << 20, 1 << 20, Duration.ofHours(1)));
            out.write(answer.reply());
            out.flush();
            SessionKeys keys = answer.session().keys();
            SessionCipher opener = new SessionCipher(AeadEngine.DEFAULT, keys.clientToServerKey(),
                    keys.clientToServerNonceBase());
            SessionCipher sealer = new SessionCipher(AeadEngine.DEFAULT, keys.serverToClientKey(),
                    keys.serverToClientNonceBase());
            while (true) {
                SessionMessage message = readMessage(in, opener);
                this.received.add(message);
                if (message instanceof SessionMessage.Ping && this.answerPings) {
                    write(out, sealer, SessionMessage.Pong.INSTANCE);
                }
                else if (message instanceof SessionMessage.Request request) {
                    write(out, sealer, new SessionMessage.Response(request.id(), RequestStatus.OK, "",
                            request.body()));
                }
            }
        }
        catch (IOException | GeneralSecurityException ex) {
            // the connection ends: closed by the client, or a frame that did not open
        }
    }

    private byte[] openAuthFrame(byte[] authFrame) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, this.authKey, new GCMParameterSpec(128, authFrame, 1, 12));
        try {
            return cipher.doFinal(authFrame, 13, 144);
        }
        catch (AEADBadTagException ex) {
            return new byte[0];
        }
    }

    private static SessionMessage readMessage(DataInputStream in, SessionCipher opener) throws IOException {
        int length = in.readInt();
        if (length < 16 || length > 1 << 20) {
            throw new IOException("session frame length out of range: " + length);
        }
        byte[] sealed = new byte[length];
        in.readFully(sealed);
        ByteBuf source = Unpooled.wrappedBuffer(sealed);
        ByteBuf plaintext = Unpooled.buffer(length);
        try {
            if (!opener.open(source, plaintext)) {
                throw new IOException("a client frame did not open under the next counter");
            }
            return SessionCodec.decode(plaintext);
        }
        finally {
            source.release();
            plaintext.release();
        }
    }

    private static void write(OutputStream out, SessionCipher sealer, SessionMessage message) throws IOException {
        ByteBuf plaintext = Unpooled.buffer();
        ByteBuf frame = Unpooled.buffer();
        try {
            SessionCodec.encode(message, plaintext);
            frame.writeInt(plaintext.readableBytes() + 16);
            sealer.seal(plaintext.nioBuffer(), frame);
            out.write(ByteBufUtil.getBytes(frame));
            out.flush();
        }
        finally {
            plaintext.release();
            frame.release();
        }
    }

}
