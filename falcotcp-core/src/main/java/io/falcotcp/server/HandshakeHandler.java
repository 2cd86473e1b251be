package io.falcotcp.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.falcotcp.protocol.ClientFrame;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.UnexpectedFirstFrameException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Establishes a connection (protocol v1 §1.1): the first frame must be an auth frame that opens under the key.
 * <p>
 * On success it writes the single byte {@code 0xFF}, installs the handlers of an established connection and
 * removes itself. On any failure (tag does not verify, another first frame, no complete auth frame within the
 * handshake timeout) it closes the connection without writing anything.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {

    private final PayloadCipher cipher;

    private final long timeoutNanos;

    private final FalcoServerStats stats;

    private final Consumer<ChannelHandlerContext> establish;

    private @Nullable ScheduledFuture<?> timeout;

    private boolean rejected;

    /**
     * Creates the handler of one connection.
     * @param cipher the connection's cipher
     * @param timeout how long the client has to complete the handshake
     * @param stats where failures are counted
     * @param establish installs the handlers of an established connection right after this one
     */
    HandshakeHandler(PayloadCipher cipher, Duration timeout, FalcoServerStats stats,
            Consumer<ChannelHandlerContext> establish) {
        this.cipher = cipher;
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
        byte[] random;
        try {
            random = this.cipher.open(auth.content());
        }
        finally {
            auth.release();
        }
        if (random == null) {
            reject(ctx);
            return;
        }
        Arrays.fill(random, (byte) 0);
        accept(ctx);
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

    private void accept(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(ProtocolV1.ACK_ACCEPTED), ctx.voidPromise());
        this.establish.accept(ctx);
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

}
