package io.falcotcp.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.falcotcp.protocol.ClientFrame;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.protocol.v02.V02Frame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The time limits of an established connection: closes it when no message or ping arrived within its lifetime
 * (protocol v1 §1.3), and in the session mode fires {@link KeyLifetimeExpired} when its keys reach the session key
 * lifetime, so that it retires.
 * <p>
 * Messages and pings, of v1 or of the session mode, and FalcoTCP 0.2 frames reset the lifetime; other frames do
 * not. A v1 ping ends here: resetting the lifetime is all it does; a session ping goes on to the dispatcher, which
 * answers it with a pong.
 * Activity only records a timestamp, and the one scheduled check re-arms itself for the nearest deadline left, so
 * that a busy connection does not reschedule a timer per message and a connection has one timer for both limits.
 */
final class LifetimeHandler extends ChannelInboundHandlerAdapter {

    private final long lifetimeNanos;

    private final long keyLifetimeNanos;

    private final Runnable check = this::check;

    private @Nullable ChannelHandlerContext ctx;

    private @Nullable ScheduledFuture<?> expiry;

    private long lastActivity;

    private long keysExpire;

    private boolean keysExpired;

    /**
     * The limits of a plain v1 connection.
     * @param lifetime how long the connection may go without a message or ping
     */
    LifetimeHandler(Duration lifetime) {
        this.lifetimeNanos = lifetime.toNanos();
        this.keyLifetimeNanos = 0;
        this.keysExpired = true;
    }

    /**
     * The limits of a session-mode connection.
     * @param lifetime how long the connection may go without a message or ping
     * @param keyLifetime how long its session keys may be used
     */
    LifetimeHandler(Duration lifetime, Duration keyLifetime) {
        this.lifetimeNanos = lifetime.toNanos();
        this.keyLifetimeNanos = keyLifetime.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long now = System.nanoTime();
        this.lastActivity = now;
        this.keysExpire = now + this.keyLifetimeNanos;
        schedule(ctx, now);
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
        if (msg instanceof ClientFrame.Message || msg instanceof SessionMessage || msg instanceof V02Frame) {
            this.lastActivity = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
    }

    private void check() {
        ChannelHandlerContext ctx = this.ctx;
        if (ctx == null || this.expiry == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - (this.lastActivity + this.lifetimeNanos) >= 0) {
            this.expiry = null;
            ctx.close();
            return;
        }
        if (!this.keysExpired && now - this.keysExpire >= 0) {
            this.keysExpired = true;
            ctx.pipeline().fireUserEventTriggered(KeyLifetimeExpired.INSTANCE);
            if (this.expiry == null) {
                // the connection closed while retiring
                return;
            }
        }
        schedule(ctx, now);
    }

    private void schedule(ChannelHandlerContext ctx, long now) {
        long delay = this.lastActivity + this.lifetimeNanos - now;
        if (!this.keysExpired) {
            delay = Math.min(delay, this.keysExpire - now);
        }
        this.expiry = ctx.executor().schedule(this.check, delay, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (this.expiry != null) {
            this.expiry.cancel(false);
            this.expiry = null;
        }
    }

    /**
     * Fired into a session-mode connection when its keys reach the session key lifetime.
     */
    enum KeyLifetimeExpired {

        /** The only instance. */
        INSTANCE

    }

}
