package io.falcotcp.client;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.falcotcp.protocol.SessionMessage;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a session-mode connection alive and closes it as dead when the server stops answering.
 * <p>
 * It writes an encrypted ping as soon as the session is established ({@link #ping()}: it proves to the server that
 * the client derived the keys), when the connection has written nothing for the ping interval (so that the
 * server's lifetime does not run out) and when it has received nothing for it (to ask for a sign of life). The
 * server answers each ping with a pong; any byte received counts as a sign of life, so that a long response still
 * arriving, or responses on a busy connection, keep it open as well. When nothing at all has arrived within the ping timeout after a
 * ping, the server or the network vanished without closing the connection (a half-open connection), and the
 * connection is closed: its requests fail with {@link FalcoConnectionException} and the pool reconnects.
 * <p>
 * Placed first in the pipeline, so that it sees the raw bytes before they are decoded, behind an
 * {@link io.netty.handler.timeout.IdleStateHandler} that reports reader and writer idleness unless the ping
 * interval is zero (then the first ping is the only one).
 */
final class SessionKeepAliveHandler extends ChannelInboundHandlerAdapter {

    private final long pingTimeoutNanos;

    private final String endpoint;

    private final Consumer<Throwable> closer;

    private final Runnable check = this::closeIfSilent;

    private @Nullable ChannelHandlerContext ctx;

    private @Nullable ScheduledFuture<?> deadline;

    private boolean awaiting;

    private long pingSentAt;

    /**
     * Creates the handler of one connection.
     * @param settings the client configuration, for the ping timeout and the server's address
     * @param closer closes the connection with the failure its requests get
     */
    SessionKeepAliveHandler(ClientSettings settings, Consumer<Throwable> closer) {
        this.pingTimeoutNanos = settings.pingTimeout().toNanos();
        this.endpoint = settings.endpoint();
        this.closer = closer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        this.awaiting = false;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            // a ping already waiting for its answer asks the same question: only the server's lifetime needs more
            if (idle.state() == IdleState.WRITER_IDLE || !this.awaiting) {
                ping(ctx);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /**
     * Writes a ping now and expects a sign of life within the ping timeout: the connection's first frame, written
     * as soon as the session is established (key confirmation).
     */
    void ping() {
        ChannelHandlerContext ctx = this.ctx;
        if (ctx != null) {
            ping(ctx);
        }
    }

    private void ping(ChannelHandlerContext ctx) {
        // from the tail, through the session frame encoder that comes after this handler
        ctx.channel().writeAndFlush(SessionMessage.Ping.INSTANCE)
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        if (!this.awaiting) {
            this.awaiting = true;
            this.pingSentAt = System.nanoTime();
            if (this.deadline == null) {
                this.deadline = ctx.executor().schedule(this.check, this.pingTimeoutNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void closeIfSilent() {
        this.deadline = null;
        if (!this.awaiting) {
            return;
        }
        long remaining = this.pingSentAt + this.pingTimeoutNanos - System.nanoTime();
        if (remaining > 0) {
            // a later ping, sent after an answer to the one this check was planned for
            ChannelHandlerContext ctx = this.ctx;
            if (ctx != null) {
                this.deadline = ctx.executor().schedule(this.check, remaining, TimeUnit.NANOSECONDS);
            }
            return;
        }
        this.closer.accept(new FalcoConnectionException("no data from " + this.endpoint + " within "
                + TimeUnit.NANOSECONDS.toMillis(this.pingTimeoutNanos) + " ms of a ping (pingTimeout): the server "
                + "or the network stopped answering without closing the connection, so it is closed as dead"));
    }

    private void cancel() {
        ScheduledFuture<?> pending = this.deadline;
        if (pending != null) {
            pending.cancel(false);
            this.deadline = null;
        }
    }

}
