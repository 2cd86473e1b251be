package io.falcotcp.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.falcotcp.protocol.SessionMessageCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * What the dispatchers of both modes share: batching flushes, reading only while there is room, and ending the
 * connection without losing a request.
 * <p>
 * Responses are flushed by one task queued behind them on the event loop, which runs once the event loop has
 * processed the reads and completions at hand: the responses of one read batch, and completions that arrive together,
 * share one flush (and one system call). The connection reads while the subclass has room and the outbound buffer is below its high-water mark
 * (through the connection's {@link ReadGate}); a connection that stays unwritable for the write-stall timeout (a
 * peer that stopped reading its responses) is closed.
 * <p>
 * <b>Retiring.</b> When the server stops, or the session keys reach their lifetime or block limit, the connection
 * retires: requests read from then on are discarded unprocessed (never answered), every request read before gets
 * its response, and then the connection half-closes and drains ({@link ReadGate#drainAndClose}), so that the peer
 * sees its answers and then end-of-stream, never a reset. A client that half-closes (end of stream after its last
 * request) gets the answers to what it sent before the connection closes.
 */
abstract class Dispatcher extends ChannelInboundHandlerAdapter {

    /** How long a retired connection waits for its peer to close after the last response. */
    static final long DRAIN_MILLIS = 2000;

    private final Runnable flushTask = this::flushCompleted;

    private final RequestInvoker.Factory invokers;

    private final RequestBudget budget;

    private final long writeStallNanos;

    private @Nullable ChannelHandlerContext ctx;

    private @Nullable ReadGate gate;

    private @Nullable RequestInvoker invoker;

    private @Nullable ScheduledFuture<?> writeStall;

    private boolean flushQueued;

    private boolean closed;

    private boolean retiring;

    private boolean inputShutdown;

    Dispatcher(RequestInvoker.Factory invokers, RequestBudget budget, Duration writeStallTimeout) {
        this.invokers = invokers;
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
                || event == LifetimeHandler.KeyLifetimeExpired.INSTANCE) {
            retire();
        }
        else if (event == ChannelInputShutdownEvent.INSTANCE) {
            // the client half-closed after its last request: answer what it sent, then close
            this.inputShutdown = true;
            updateRoom();
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
     * Whether nothing is under way: no request unanswered, no flush queued, no write stall being timed, not retiring
     * or closing; a new dispatcher could take its place.
     * @return {@code true} when idle
     */
    boolean isIdle() {
        return !hasPending() && !this.flushQueued && this.writeStall == null && !this.retiring && !this.inputShutdown
                && !this.closed;
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
     * The connection's invoker, created with its first request: a connection that sends none holds no queue of
     * its own on the handler executor.
     * @return the invoker
     */
    RequestInvoker invoker() {
        RequestInvoker current = this.invoker;
        if (current == null) {
            current = this.invokers.newInvoker(this::updateRoom);
            this.invoker = current;
        }
        return current;
    }

    /**
     * Whether the invoker has room for more blocking requests ({@link RequestInvoker#hasRoom()}).
     * @return {@code true} when it has, or when there is no invoker yet
     */
    boolean invokerHasRoom() {
        return this.invoker == null || this.invoker.hasRoom();
    }

    /**
     * Flushes what was written, in a task queued behind the work the event loop has at hand.
     */
    void flushSoon() {
        if (!this.flushQueued) {
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
        if (this.inputShutdown) {
            if (!hasPending()) {
                this.closed = true;
                requireContext().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
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
        }
    }

    /**
     * Starts retiring: requests read from now on are discarded, and the connection closes cleanly once those read
     * before are answered.
     */
    void retire() {
        if (!this.retiring && !this.closed) {
            this.retiring = true;
            updateRoom();
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

}
