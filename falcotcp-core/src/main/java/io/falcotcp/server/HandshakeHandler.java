package io.falcotcp.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.ClientFrame;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.SessionHandshake;
import io.falcotcp.protocol.UnexpectedFirstFrameException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Establishes a connection (protocol v1 §1.1): the first frame must be an auth frame that opens under one of the
 * server's keys, tried in order (current key first, so that a rotation needs no downtime).
 * <p>
 * An auth frame whose plaintext is a session hello is answered with {@code 0xFE} and the sealed session reply, and
 * the connection switches to session mode; any other is answered with the single byte {@code 0xFF} (plain v1),
 * unless plain v1 is refused. Either way it then installs the handlers of an established connection and removes
 * itself. On any failure (tag does not verify under any key, another first frame, no complete auth frame within
 * the handshake timeout, refused plain v1) it closes the connection without writing anything.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

    private final List<FalcoKey> keys;

    private final List<PayloadCipher> ciphers;

    private final AeadEngine engine;

    private final SessionOffer offer;

    private final long timeoutNanos;

    private final FalcoServerStats stats;

    private final Establishment establish;

    private @Nullable ScheduledFuture<?> timeout;

    private boolean rejected;

    /**
     * Creates the handler of one connection.
     * @param keys the server's keys, current first
     * @param engine the AES-GCM implementation
     * @param offer what the server offers to session clients, and whether it refuses plain v1
     * @param timeout how long the client has to complete the handshake
     * @param stats where failures are counted
     * @param establish installs the handlers of an established connection right after this one
     */
    HandshakeHandler(List<FalcoKey> keys, AeadEngine engine, SessionOffer offer, Duration timeout,
            FalcoServerStats stats, Establishment establish) {
        this.keys = keys;
        this.ciphers = keys.stream().map((key) -> new PayloadCipher(key.newCipher(engine))).toList();
        this.engine = engine;
        this.offer = offer;
        this.timeoutNanos = timeout.toNanos();
        this.stats = stats;
        this.establish = establish;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.timeout = ctx.executor().schedule(() -> reject(ctx), this.timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (this.rejected || !(msg instanceof ClientFrame.Auth auth)) {
            ReferenceCountUtil.release(msg);
            reject(ctx);
            return;
        }
        byte @Nullable [] plaintext = null;
        int keyIndex = 0;
        byte @Nullable [] authFrame;
        try {
            while (plaintext == null && keyIndex < this.ciphers.size()) {
                plaintext = this.ciphers.get(keyIndex++).open(auth.content());
            }
            authFrame = (plaintext != null) ? authFrameBytes(auth) : null;
        }
        finally {
            auth.release();
        }
        if (plaintext == null || authFrame == null) {
            reject(ctx);
            return;
        }
        int matched = keyIndex - 1;
        SessionHandshake.ClientHello hello = SessionHandshake.parseHello(plaintext);
        Arrays.fill(plaintext, (byte) 0);
        if (hello != null) {
            acceptSession(ctx, matched, hello, authFrame);
        }
        else if (this.offer.refusePlainV1()) {
            reject(ctx);
        }
        else {
            accept(ctx, matched);
        }
    }

    private static byte[] authFrameBytes(ClientFrame.Auth auth) {
        byte[] frame = new byte[ProtocolV1.AUTH_FRAME_LENGTH];
        frame[0] = ProtocolV1.TYPE_AUTH;
        auth.content().getBytes(auth.content().readerIndex(), frame, 1, ProtocolV1.AUTH_SEALED_LENGTH);
        return frame;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ServerStopping.INSTANCE) {
            this.rejected = true;
            ctx.close();
        }
        else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof UnexpectedFirstFrameException) {
            reject(ctx);
        }
        else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void accept(ChannelHandlerContext ctx, int keyIndex) {
        cancelTimeout();
        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(ProtocolV1.ACK_ACCEPTED), ctx.voidPromise());
        this.establish.v1(ctx, this.ciphers.get(keyIndex));
        ctx.pipeline().remove(this);
    }

    private void acceptSession(ChannelHandlerContext ctx, int keyIndex, SessionHandshake.ClientHello hello,
            byte[] authFrame) {
        SessionHandshake.ServerAnswer answer = SessionHandshake.answer(this.keys.get(keyIndex), this.engine, hello,
                authFrame, this.offer.features(), this.offer.maxInFlight(), this.offer.maxFrameSize());
        if (answer == null) {
            reject(ctx);
            return;
        }
        cancelTimeout();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer.reply()), ctx.voidPromise());
        this.establish.session(ctx, answer.session());
        ctx.pipeline().remove(this);
    }

    private void reject(ChannelHandlerContext ctx) {
        if (this.rejected) {
            return;
        }
        this.rejected = true;
        cancelTimeout();
        this.stats.authenticationFailed();
        ctx.close();
    }

    private void cancelTimeout() {
        if (this.timeout != null) {
            this.timeout.cancel(false);
            this.timeout = null;
        }
    }

    /**
     * What the server offers in session mode.
     * @param features the feature bits it supports
     * @param maxInFlight the announced limit of requests in flight per connection
     * @param maxFrameSize the announced maximum length of a client session frame
     * @param refusePlainV1 whether auth frames without a session hello are refused
     */
    record SessionOffer(int features, int maxInFlight, int maxFrameSize, boolean refusePlainV1) {
    }

    /**
     * Installs the handlers of an established connection right after the handshake handler.
     */
    interface Establishment {

        /**
         * Installs the plain v1 handlers.
         * @param handshake the handshake handler's context
         * @param cipher the cipher of the key the client authenticated with
         */
        void v1(ChannelHandlerContext handshake, PayloadCipher cipher);

        /**
         * Installs the session-mode handlers.
         * @param handshake the handshake handler's context
         * @param session the negotiated session
         */
        void session(ChannelHandlerContext handshake, SessionHandshake.Session session);

    }

}
