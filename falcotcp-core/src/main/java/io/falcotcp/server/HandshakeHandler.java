package io.falcotcp.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.crypto.SessionKeySchedule;
import io.falcotcp.protocol.ClientFrame;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.SessionHandshake;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.protocol.SessionProtocolException;
import io.falcotcp.protocol.UnexpectedFirstFrameException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Establishes a connection (protocol v1 §1.1, and the session mode negotiated inside it): the first frame must be
 * an auth frame that opens under one of the server's keys, tried in order (current key first, so that a rotation
 * needs no downtime), and that the server has not seen before.
 * <p>
 * An auth frame whose plaintext is a session hello (version 2, or version 1 when the server accepts it) is answered
 * with {@code 0xFE} and the sealed session reply; the session stages are installed at once, but the connection
 * stays in its handshake (the timeout runs on, it counts against the pre-authentication budget) until the first
 * session frame from the client opens: only a client that derived the keys gets that far, so a replayed hello
 * never holds a connection past the handshake timeout. Any other auth frame is answered with the single byte
 * {@code 0xFF} (plain v1), unless plain v1 is refused, and the connection is established at once.
 * <p>
 * Refused without a byte written, the connection closed: a tag that does not verify under any key, another first
 * frame, no handshake within the timeout, refused plain v1, an auth frame seen before or a session hello whose
 * clock is outside the replay window (both counted as replayed), a full replay cache.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

    private final List<FalcoKey> keys;

    private final List<PayloadCipher> ciphers;

    private final AeadEngine engine;

    private final Policy policy;

    private final FalcoServerStats stats;

    private final Establishment establish;

    private @Nullable ScheduledFuture<?> timeout;

    private boolean awaitingConfirmation;

    private boolean rejected;

    /**
     * Creates the handler of one connection.
     * @param keys the server's keys, current first
     * @param ciphers the payload ciphers of those keys, in the same order, of the connection's event loop
     * @param engine the AES-GCM implementation
     * @param policy what the server offers and accepts
     * @param stats where outcomes are counted
     * @param establish installs the stages of an established connection and is told when it is established
     */
    HandshakeHandler(List<FalcoKey> keys, List<PayloadCipher> ciphers, AeadEngine engine, Policy policy,
            FalcoServerStats stats, Establishment establish) {
        this.keys = keys;
        this.ciphers = ciphers;
        this.engine = engine;
        this.policy = policy;
        this.stats = stats;
        this.establish = establish;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.timeout = ctx.executor().schedule(() -> reject(ctx), this.policy.timeout().toNanos(),
                TimeUnit.NANOSECONDS);
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
        if (this.awaitingConfirmation && !this.rejected && msg instanceof SessionMessage) {
            // the first session frame opened under the client's key: it derived the session keys
            cancelTimeout();
            this.establish.confirmed(ctx);
            ctx.fireChannelRead(msg);
            ctx.pipeline().remove(this);
            return;
        }
        if (this.awaitingConfirmation || this.rejected || !(msg instanceof ClientFrame.Auth auth)) {
            ReferenceCountUtil.release(msg);
            reject(ctx);
            return;
        }
        byte[] authFrame = authFrameBytes(auth);
        byte @Nullable [] plaintext = null;
        int keyIndex = 0;
        try {
            while (plaintext == null && keyIndex < this.ciphers.size()) {
                plaintext = this.ciphers.get(keyIndex++).open(auth.content());
            }
        }
        finally {
            auth.release();
        }
        if (plaintext == null) {
            reject(ctx);
            return;
        }
        SessionHandshake.ClientHello hello = SessionHandshake.parseHello(plaintext);
        Arrays.fill(plaintext, (byte) 0);
        if (hello != null && hello.version() != SessionHandshake.VERSION && !this.policy.acceptSessionVersion1()) {
            // a version-1 hello from a server that no longer speaks it: an ordinary v1 auth frame, as for any
            // version this server does not know
            hello = null;
        }
        if (!fresh(ctx, authFrame, hello)) {
            return;
        }
        if (hello != null) {
            acceptSession(ctx, keyIndex - 1, hello, authFrame);
        }
        else if (this.policy.refusePlainV1()) {
            reject(ctx);
        }
        else {
            accept(ctx, keyIndex - 1);
        }
    }

    /**
     * Refuses a replayed auth frame, and a session hello written outside the replay window, before any key
     * agreement.
     */
    private boolean fresh(ChannelHandlerContext ctx, byte[] authFrame, SessionHandshake.@Nullable ClientHello hello) {
        if (hello != null && hello.version() == SessionHandshake.VERSION
                && Math.abs(System.currentTimeMillis() - hello.clockMillis()) > this.policy.replayWindow().toMillis()) {
            refuseReplay(ctx);
            return false;
        }
        byte[] digest = SessionKeySchedule.sha256(authFrame);
        long fingerprint = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            fingerprint = (fingerprint << 8) | (digest[i] & 0xFF);
        }
        return switch (this.policy.replayCache().remember(fingerprint)) {
            case REMEMBERED -> true;
            case REPLAYED -> {
                refuseReplay(ctx);
                yield false;
            }
            case FULL -> {
                this.stats.replayCacheFull();
                reject(ctx);
                yield false;
            }
        };
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
            cancelTimeout();
            ReadGate gate = ReadGate.of(ctx);
            if (gate != null) {
                gate.drainAndClose(Dispatcher.DRAIN_MILLIS);
            }
            else {
                ctx.close();
            }
        }
        else if (event instanceof ChannelInputShutdownEvent) {
            // the client ended its stream before authenticating (a TCP health probe does): nothing will come, and
            // it is no failed attempt
            this.rejected = true;
            cancelTimeout();
            ctx.close();
        }
        else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a first session frame that does not open (or is malformed) means the client did not derive the keys
        if (cause instanceof UnexpectedFirstFrameException
                || (this.awaitingConfirmation && cause instanceof SessionProtocolException)) {
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
        this.establish.confirmed(ctx);
        ctx.pipeline().remove(this);
    }

    private void acceptSession(ChannelHandlerContext ctx, int keyIndex, SessionHandshake.ClientHello hello,
            byte[] authFrame) {
        SessionHandshake.ServerAnswer answer = SessionHandshake.answer(this.keys.get(keyIndex), this.engine, hello,
                authFrame, this.policy.offer());
        this.stats.sessionHandshake(hello.version());
        if (answer == null) {
            reject(ctx);
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer.reply()), ctx.voidPromise());
        this.establish.session(ctx, answer.session());
        this.awaitingConfirmation = true;
    }

    private void refuseReplay(ChannelHandlerContext ctx) {
        this.rejected = true;
        cancelTimeout();
        this.stats.handshakeReplayed();
        ctx.close();
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
     * What the server offers and accepts at the handshake; one instance serves every connection.
     * @param offer what session-mode clients are offered and told
     * @param timeout how long a connection may stay in its handshake
     * @param refusePlainV1 whether auth frames without a session hello are refused
     * @param acceptSessionVersion1 whether version-1 session hellos get the session mode
     * @param replayWindow how far a session hello's clock may be from the server's
     * @param replayCache the auth frames seen recently
     */
    record Policy(SessionHandshake.Offer offer, Duration timeout, boolean refusePlainV1,
            boolean acceptSessionVersion1, Duration replayWindow, ReplayCache replayCache) {
    }

    /**
     * Installs the stages of an established connection right after the handshake handler, and is told when the
     * connection has proven itself.
     */
    interface Establishment {

        /**
         * Installs the plain v1 stages.
         * @param handshake the handshake handler's context
         * @param cipher the cipher of the key the client authenticated with, shared by the event loop's connections
         */
        void v1(ChannelHandlerContext handshake, PayloadCipher cipher);

        /**
         * Installs the session-mode stages; the connection is not established until {@link #confirmed}.
         * @param handshake the handshake handler's context
         * @param session the negotiated session
         */
        void session(ChannelHandlerContext handshake, SessionHandshake.Session session);

        /**
         * The connection is established: plain v1 right after its {@code 0xFF}, the session mode once the client's
         * first session frame opened.
         * @param handshake the handshake handler's context, still in the pipeline
         */
        void confirmed(ChannelHandlerContext handshake);

    }

}
