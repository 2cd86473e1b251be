package io.falcotcp.server;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.jspecify.annotations.Nullable;

/**
 * What the dispatchers of both modes share: batching flushes and reading only while there is room.
 * <p>
 * Responses written while a read batch is processed are flushed once at the end of the batch; responses written
 * on handler completions are flushed by one task queued behind them, so completions that arrive together share a
 * flush. The connection reads while the subclass has room, the outbound buffer is below its high-water mark and
 * the server is not stopping.
 */
abstract class Dispatcher extends ChannelInboundHandlerAdapter {

    private final Runnable flushTask = this::flushCompleted;

    private @Nullable ChannelHandlerContext ctx;

    private boolean reading;

    private boolean flushAfterRead;

    private boolean flushQueued;

    private boolean closed;

    private boolean stopping;

    /**
     * Whether the connection may take more requests.
     * @return {@code true} below the connection's limit
     */
    abstract boolean hasRoom();

    /**
     * Called when the connection starts or stops reading, for stages that must stop with it.
     * @param read whether it reads
     */
    void readingChanged(boolean read) {
    }

    /**
     * Called once the connection has closed, before the event goes on.
     */
    void closed() {
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        this.reading = false;
        if (this.flushAfterRead) {
            this.flushAfterRead = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateAutoRead(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ServerStopping.INSTANCE) {
            this.stopping = true;
            updateAutoRead(ctx);
        }
        else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        this.closed = true;
        closed();
        ctx.fireChannelInactive();
    }

    /**
     * Marks the start of a read batch: writes until its end are flushed together.
     */
    void readStarted() {
        this.reading = true;
    }

    boolean isClosed() {
        return this.closed;
    }

    /**
     * Flushes what was written, at the end of the read batch or in a task queued behind other completions.
     */
    void flushSoon() {
        if (this.reading) {
            this.flushAfterRead = true;
        }
        else if (!this.flushQueued) {
            this.flushQueued = true;
            requireContext().executor().execute(this.flushTask);
        }
    }

    private void flushCompleted() {
        this.flushQueued = false;
        requireContext().flush();
    }

    void updateAutoRead(ChannelHandlerContext ctx) {
        ChannelConfig config = ctx.channel().config();
        boolean read = !this.stopping && hasRoom() && ctx.channel().isWritable();
        if (config.isAutoRead() != read) {
            config.setAutoRead(read);
        }
        readingChanged(read);
    }

    ChannelHandlerContext requireContext() {
        ChannelHandlerContext ctx = this.ctx;
        if (ctx == null) {
            throw new IllegalStateException("the dispatcher is not in a pipeline");
        }
        return ctx;
    }

}
