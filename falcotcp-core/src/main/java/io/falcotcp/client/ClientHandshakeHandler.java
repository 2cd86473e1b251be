package io.falcotcp.client;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;

import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.SessionCodec;
import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.protocol.SessionHandshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Promise;
import org.jspecify.annotations.Nullable;

/**
 * Establishes a connection: writes the 157-byte auth frame once the socket is connected, its plaintext a session
 * hello unless the client's mode is {@link ClientMode#V1} (then 128 random bytes), and reads the server's answer.
 * It then installs the handlers of the negotiated mode after itself and removes itself, so that the bytes after the
 * answer reach their decoder.
 * <p>
 * {@code 0xFE} followed by a session reply that opens under the key and is bound to this auth frame is the session
 * mode; a reply that does not fails it with {@link FalcoProtocolException}. {@code 0xFF} is plain v1: expected in
 * {@link ClientMode#V1}, accepted in {@link ClientMode#AUTO}, and in {@link ClientMode#SESSION} a downgrade
 * ({@code 0xFF} needs no key, so an attacker can answer it as well as a plain v1 server) that fails it with
 * {@link FalcoDowngradeException} before a request could be written. {@code 0x00} (FalcoTCP-Py) and a close
 * without answer (the reference behaviour) both mean the key was rejected and fail it with
 * {@link FalcoAuthenticationException}; any other byte fails it with {@link FalcoProtocolException}.
 */
final class ClientHandshakeHandler extends ByteToMessageDecoder {

    private static final SecureRandom random = new SecureRandom();

    private final ClientSettings settings;

    private final PayloadCipher cipher;

    private final Promise<Void> established;

    private final String endpoint;

    private final Establishment establishment;

    private SessionHandshake.@Nullable ClientHandshake session;

    private boolean awaitingReply;

    ClientHandshakeHandler(ClientSettings settings, PayloadCipher cipher, Promise<Void> established,
            Establishment establishment) {
        this.settings = settings;
        this.cipher = cipher;
        this.established = established;
        this.endpoint = settings.endpoint();
        this.establishment = establishment;
    }

    /** A server's batch frames are up to 16 KiB: a client that accepts less asks for none. */
    private static boolean acceptsBatches(ClientSettings settings) {
        return settings.maxFrameSize() >= SessionCodec.MAX_BATCH_LENGTH + ProtocolV1.TAG_LENGTH;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ByteBuf frame;
        if (this.settings.mode() != ClientMode.V1) {
            SessionHandshake.ClientHandshake handshake = SessionHandshake.startClient(this.settings.key().current(),
                    this.settings.aeadEngine(),
                    (this.settings.compression() ? SessionFeature.LZ4.mask() : 0) | SessionFeature.SEGMENTS.mask()
                            | SessionFeature.METADATA.mask() | SessionFeature.GOING_AWAY.mask()
                            | (acceptsBatches(this.settings) ? SessionFeature.BATCHES.mask() : 0));
            this.session = handshake;
            frame = Unpooled.wrappedBuffer(handshake.authFrame());
        }
        else {
            byte[] challenge = new byte[ProtocolV1.AUTH_PLAINTEXT_LENGTH];
            random.nextBytes(challenge);
            frame = ctx.alloc().ioBuffer(ProtocolV1.AUTH_FRAME_LENGTH);
            frame.writeByte(ProtocolV1.TYPE_AUTH);
            this.cipher.seal(ByteBuffer.wrap(challenge), frame);
        }
        ctx.writeAndFlush(frame).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        SessionHandshake.ClientHandshake handshake = this.session;
        if (this.awaitingReply && handshake != null) {
            if (in.readableBytes() < SessionHandshake.REPLY_SEALED_LENGTH) {
                return;
            }
            byte[] reply = new byte[SessionHandshake.REPLY_SEALED_LENGTH];
            in.readBytes(reply);
            SessionHandshake.Session negotiated = handshake.finish(reply);
            if (negotiated == null) {
                reject(ctx, in, new FalcoProtocolException("the session reply of the server at " + this.endpoint
                        + " does not authenticate under the key or belongs to another handshake (a replayed "
                        + "reply); the connection is closed"));
                return;
            }
            this.establishment.session(ctx, negotiated);
            ctx.pipeline().remove(this);
            this.established.trySuccess(null);
            return;
        }
        if (!in.isReadable()) {
            return;
        }
        byte answer = in.readByte();
        if (answer == SessionHandshake.ACK_SESSION && handshake != null) {
            this.awaitingReply = true;
        }
        else if (answer == ProtocolV1.ACK_ACCEPTED && this.settings.mode() == ClientMode.SESSION) {
            reject(ctx, in, new FalcoDowngradeException("the server at " + this.endpoint + " answered the session "
                    + "hello as plain FalcoTCP v1 (0xFF): it is a plain v1 server, or an attacker without the key is "
                    + "stripping the session mode; the connection is closed and no request was sent on it. To talk "
                    + "to a plain v1 server, set the client's mode to auto or v1 (falco.client.mode, or "
                    + "falco.client.targets.<name>.mode; FalcoTcpClient.Builder.mode(ClientMode.AUTO or V1))"));
        }
        else if (answer == ProtocolV1.ACK_ACCEPTED) {
            this.establishment.v1(ctx);
            ctx.pipeline().remove(this);
            this.established.trySuccess(null);
        }
        else if (answer == ProtocolV1.ACK_REJECTED) {
            reject(ctx, in, new FalcoAuthenticationException("the server at " + this.endpoint + " rejected the key "
                    + "(it answered 0x00): client and server must use the same FalcoTCP key"));
        }
        else {
            reject(ctx, in, new FalcoProtocolException("the server at " + this.endpoint + " answered the "
                    + "authentication with 0x" + Integer.toHexString(answer & 0xFF) + " instead of 0xFF or 0x00: "
                    + "it does not speak FalcoTCP v1"));
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, Exception failure) {
        // nothing after a rejection is meaningful
        in.skipBytes(in.readableBytes());
        this.established.tryFailure(failure);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        this.established.tryFailure(new FalcoAuthenticationException("the server at " + this.endpoint
                + " closed the connection without accepting the key: client and server must use the same "
                + "FalcoTCP key (a v1 server closes silently on a wrong key; it also closes new connections when "
                + "it is at its connection limit)"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        this.established.tryFailure(new FalcoConnectionException("connection to " + this.endpoint
                + " failed during authentication: " + cause.getMessage(), cause));
        ctx.close();
    }

    /**
     * Installs the handlers of the negotiated mode right after the handshake handler.
     */
    interface Establishment {

        /**
         * Installs the plain v1 handlers.
         * @param handshake the handshake handler's context
         */
        void v1(ChannelHandlerContext handshake);

        /**
         * Installs the session-mode handlers and writes the first session frame.
         * @param handshake the handshake handler's context
         * @param session the negotiated session
         */
        void session(ChannelHandlerContext handshake, SessionHandshake.Session session);

    }

}
