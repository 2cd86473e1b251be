package io.falcotcp.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.falcotcp.protocol.SessionMessageCodec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * What the dispatchers of both modes share: batching flushes, reading only while there is room, and ending the
 * connection without losing a request.
 * <p>
 * Responses written while a read batch is processed are flushed once at the end of the batch; responses written
 * on handler completions are flushed by one task queued behind them, so completions that arrive together share a
 * flush. The connection reads while the subclass has room and the outbound buffer is below its high-water mark
 * (through the connection's {@link ReadGate}); a connection that stays unwritable for the write-stall timeout (a
 * peer that stopped reading its responses) is closed.
 * <p>
 * <b>Retiring.</b> When the server stops, or the session keys reach their lifetime or block limit, the connection
 * retires: requests read from then on are discarded unprocessed (never answered), every request read before gets
 * its response, and then the connection half-closes and drains ({@link ReadGate#drainAndClose}), so that the peer
 * sees its answers and then end-of-stream, never a reset.
 */
abstract class Dispatcher extends ChannelInboundHandlerAdapter {

    /** How long a retired connection waits for its peer to close after the last response. */
    static final long DRAIN_MILLIS = 2000;

    private final Runnable flushTask = this::flushCompleted;

    private final RequestBudget budget;

    private final long writeStallNanos;

    private @Nullable ChannelHandlerContext ctx;

    private @Nullable ReadGate gate;

    private @Nullable ScheduledFuture<?> writeStall;

    private boolean reading;

    private boolean flushAfterRead;

    private boolean flushQueued;

    private boolean closed;

    private boolean retiring;

    Dispatcher(RequestBudget budget, Duration writeStallTimeout) {
        this.budget = budget;
        this.writeStallNanos = writeStallTimeout.toNanos();
    }

    /**
     * Whether the connection may take more requests.
     * @return {@code true} below the connection's limit
     */
    abstract boolean hasRoom();

    /**
     * Whether requests read are still waiting for their responses to be written.
     * @return {@code true} while any is
     */
    abstract boolean hasPending();

    /**
     * Called once the connection has closed, before the event goes on.
     */
    void closed() {
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.gate = ReadGate.of(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        endReadBatch(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ReadGate gate = this.gate;
        if (gate != null) {
            if (ctx.channel().isWritable()) {
                gate.open(ReadGate.WRITABILITY);
                cancelWriteStall();
            }
            else {
                gate.close(ReadGate.WRITABILITY);
                if (this.writeStall == null) {
                    this.writeStall = ctx.executor().schedule(() -> ctx.close(), this.writeStallNanos,
                            TimeUnit.NANOSECONDS);
                }
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ServerStopping.INSTANCE || event == SessionMessageCodec.KeysExhausted.INSTANCE
                || event == KeyLifetimeExpired.INSTANCE) {
            retire();
        }
        else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        this.closed = true;
        cancelWriteStall();
        closed();
        this.budget.close();
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
     * Whether the connection is retiring: requests read now are discarded without being processed.
     * @return {@code true} once retiring
     */
    boolean isRetiring() {
        return this.retiring;
    }

    RequestBudget budget() {
        return this.budget;
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

    /**
     * Re-evaluates whether the connection may read, after its work grew or shrank; a retiring connection whose last
     * response is written starts its clean close.
     */
    void updateRoom() {
        ReadGate gate = this.gate;
        if (this.closed || gate == null) {
            return;
        }
        if (this.retiring) {
            if (!hasPending()) {
                gate.drainAndClose(DRAIN_MILLIS);
            }
            return;
        }
        if (hasRoom()) {
            gate.open(ReadGate.ROOM);
        }
        else {
            gate.close(ReadGate.ROOM);
            // the flow-control stage holds back the end of this read batch until its queue drains: do not wait for
            // it to flush what the batch answered
            ChannelHandlerContext context = this.ctx;
            if (context != null) {
                endReadBatch(context);
            }
        }
    }

    private void retire() {
        if (!this.retiring && !this.closed) {
            this.retiring = true;
            updateRoom();
        }
    }

    private void endReadBatch(ChannelHandlerContext ctx) {
        this.reading = false;
        if (this.flushAfterRead) {
            this.flushAfterRead = false;
            ctx.flush();
        }
    }

    private void flushCompleted() {
        this.flushQueued = false;
        requireContext().flush();
    }

    private void cancelWriteStall() {
        if (this.writeStall != null) {
            this.writeStall.cancel(false);
            this.writeStall = null;
        }
    }

    ChannelHandlerContext requireContext() {
        ChannelHandlerContext ctx = this.ctx;
        if (ctx == null) {
            throw new IllegalStateException("the dispatcher is not in a pipeline");
        }
        return ctx;
    }

    /**
     * Fired into a session-mode connection when its keys reach the session key lifetime.
     */
    enum KeyLifetimeExpired {

        /** The only instance. */
        INSTANCE

    }

}
