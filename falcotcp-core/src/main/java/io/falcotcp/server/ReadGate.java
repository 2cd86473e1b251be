package io.falcotcp.server;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides whether a server connection reads from its socket: it reads while no stage has closed
 * the gate (the dispatcher without room, the request budget spent, an outbound buffer above its high-water mark).
 * Closing turns {@code autoRead} off and also swallows the {@code read()} calls a frame decoder makes to finish a
 * frame, so a connection that may not take more work buffers nothing more than the bytes it already read; the
 * frames already decoded wait in the {@link io.netty.handler.flow.FlowControlHandler} behind the decoder.
 * Reopening reads again and gives the decoder another pass over the bytes it holds (a frame left unread for want
 * of budget has no new bytes to wake it).
 * <p>
 * It also ends connections cleanly ({@link #drainAndClose}): half-close after the last response, then read and
 * discard until the peer closes, so that the peer never gets a reset for bytes the server did not read. Placed
 * right after the traffic counter; used on the connection's event loop only.
 */
final class ReadGate extends ChannelDuplexHandler {

    /** The dispatcher has as much work as the connection may have. */
    static final int ROOM = 1;

    /** The request budget of the connection, or of the server, is spent. */
    static final int BUDGET = 1 << 1;

    /** The outbound buffer is above its high-water mark: the peer does not read its responses fast enough. */
    static final int WRITABILITY = 1 << 2;

    private @Nullable ChannelHandlerContext ctx;

    private int closedBy;

    private boolean reopenQueued;

    private boolean draining;

    /**
     * The gate of a connection's pipeline.
     * @param ctx any context of the connection
     * @return its gate, {@code null} when the pipeline has none
     */
    static @Nullable ReadGate of(ChannelHandlerContext ctx) {
        return of(ctx.pipeline());
    }

    /**
     * The gate of a pipeline.
     * @param pipeline a connection's pipeline
     * @return its gate, {@code null} when it has none (a dormant connection has none)
     */
    static @Nullable ReadGate of(ChannelPipeline pipeline) {
        return pipeline.get(ReadGate.class);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Stops reading for a reason; reading resumes once every reason is gone.
     * @param reason one of {@link #ROOM}, {@link #BUDGET}, {@link #WRITABILITY}
     */
    void close(int reason) {
        if (this.draining) {
            return;
        }
        if (this.closedBy == 0) {
            config().setAutoRead(false);
        }
        this.closedBy |= reason;
    }

    /**
     * Removes a reason to stop reading; when it was the last, reading resumes in a task of its own (the caller may be
     * in the middle of the pipeline's read path).
     * @param reason one of {@link #ROOM}, {@link #BUDGET}, {@link #WRITABILITY}
     */
    void open(int reason) {
        if ((this.closedBy & reason) == 0) {
            return;
        }
        this.closedBy &= ~reason;
        if (this.closedBy == 0 && !this.reopenQueued && this.ctx != null) {
            this.reopenQueued = true;
            this.ctx.executor().execute(this::reopen);
        }
    }

    /**
     * Whether the connection reads with nothing about to change that: no reason to stop, no reopening queued, not
     * draining.
     * @return {@code true} when it is
     */
    boolean isOpen() {
        return this.closedBy == 0 && !this.reopenQueued && !this.draining;
    }

    /**
     * Whether a reason to stop reading is set.
     * @param reason the reason
     * @return {@code true} when it is
     */
    boolean isClosed(int reason) {
        return (this.closedBy & reason) != 0;
    }

    /**
     * Ends the connection cleanly: shuts down its output (the peer reads what was written, then end-of-stream),
     * discards every byte that still arrives, and closes when the peer does or after {@code drainMillis}.
     * @param drainMillis the longest wait for the peer to close
     */
    void drainAndClose(long drainMillis) {
        ChannelHandlerContext context = this.ctx;
        if (context == null || this.draining) {
            return;
        }
        this.draining = true;
        this.closedBy = 0;
        config().setAutoRead(true);
        context.channel().read();
        context.executor().schedule(() -> {
            context.channel().close();
        }, drainMillis, TimeUnit.MILLISECONDS);
        // shutting the output down drops what is not written yet: wait for everything written before
        context.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) (written) -> {
            if (written.isSuccess() && written.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }
            else {
                written.channel().close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (this.draining) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (this.draining && event instanceof ChannelInputShutdownEvent) {
            // the peer closed its side after reading the end of ours: the clean close is complete
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!this.draining) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (this.closedBy == 0) {
            ctx.read();
        }
    }

    private void reopen() {
        this.reopenQueued = false;
        ChannelHandlerContext context = this.ctx;
        if (this.closedBy != 0 || this.draining || context == null || !context.channel().isActive()) {
            return;
        }
        // setAutoRead(true) reads again: first the frames waiting behind the decoder, then the socket
        config().setAutoRead(true);
        ByteBuf nothing = Unpooled.EMPTY_BUFFER;
        context.fireChannelRead(nothing);
        context.fireChannelReadComplete();
    }

    private ChannelConfig config() {
        ChannelHandlerContext context = this.ctx;
        if (context == null) {
            throw new IllegalStateException("the read gate is not in a pipeline");
        }
        return context.channel().config();
    }

}
