package io.falcotcp.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.falcotcp.protocol.ClientFrame;
import io.falcotcp.protocol.SessionMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Closes an established connection when no message or ping arrived within its lifetime (protocol v1 §1.3).
 * <p>
 * Messages and pings, of v1 or of the session mode, reset the lifetime; other frames do not. A v1 ping ends here:
 * resetting the lifetime is all it does; a session ping goes on to the dispatcher, which answers it with a pong.
 * Activity only records a timestamp, and the one scheduled check re-arms itself for the remaining time,
 * so that a busy connection does not reschedule a timer per message.
 */
final class LifetimeHandler extends ChannelInboundHandlerAdapter {

    private final long lifetimeNanos;

    private final Runnable check = this::closeIfExpired;

    private @Nullable ChannelHandlerContext ctx;

    private @Nullable ScheduledFuture<?> expiry;

    private long lastActivity;

    LifetimeHandler(Duration lifetime) {
        this.lifetimeNanos = lifetime.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.lastActivity = System.nanoTime();
        this.expiry = ctx.executor().schedule(this.check, this.lifetimeNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ClientFrame.Ping) {
            this.lastActivity = System.nanoTime();
            return;
        }
        if (msg instanceof ClientFrame.Message || msg instanceof SessionMessage) {
            this.lastActivity = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
    }

    private void closeIfExpired() {
        ChannelHandlerContext ctx = this.ctx;
        if (ctx == null || this.expiry == null) {
            return;
        }
        long remaining = this.lastActivity + this.lifetimeNanos - System.nanoTime();
        if (remaining <= 0) {
            this.expiry = null;
            ctx.close();
        }
        else {
            this.expiry = ctx.executor().schedule(this.check, remaining, TimeUnit.NANOSECONDS);
        }
    }

    private void cancel() {
        if (this.expiry != null) {
            this.expiry.cancel(false);
            this.expiry = null;
        }
    }

}
