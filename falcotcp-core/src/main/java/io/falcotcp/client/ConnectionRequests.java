package io.falcotcp.client;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of an established client connection, which sends requests and matches their responses: the
 * part both modes share (closing, batching flushes, one timer for the request deadlines). Plain v1 matches in order
 * ({@link InFlightRequests}), the session mode by id ({@link SessionRequests}). Everything but
 * {@link #close(Throwable)} runs on the event loop.
 */
abstract class ConnectionRequests extends ChannelInboundHandlerAdapter {

    final ClientSettings settings;

    final Runnable requestDone;

    private final Consumer<PendingRequest> retry;

    private final Runnable flushTask = this::flush;

    private @Nullable ChannelHandlerContext ctx;

    private volatile @Nullable Throwable closeCause;

    private boolean closed;

    private boolean flushScheduled;

    private @Nullable ScheduledFuture<?> timeoutCheck;

    private long timeoutCheckNanos;

    /**
     * Creates the handler of one connection.
     * @param settings the client configuration
     * @param requestDone called each time a request leaves the connection, to free its slot
     * @param retry takes a request to an idempotent route that the closing of this connection ended, to send it
     *     once more elsewhere
     */
    ConnectionRequests(ClientSettings settings, Runnable requestDone, Consumer<PendingRequest> retry) {
        this.settings = settings;
        this.requestDone = requestDone;
        this.retry = retry;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Writes a request and keeps it until its response; called on the event loop.
     * @param request the request, on a slot the connection reserved for it
     */
    abstract void send(PendingRequest request);

    /**
     * Fails the requests past their deadline and plans the next check with {@link #scheduleTimeoutCheck(long)}.
     */
    abstract void expireRequests();

    /**
     * Fails every request still held; the connection has closed.
     */
    abstract void failAll();

    /**
     * The context to write a request to, or {@code null} after failing the request when the connection cannot take
     * it (closed, or the request already ended).
     * @param request the request about to be sent
     * @return the context, or {@code null} when the request was refused
     */
    @Nullable ChannelHandlerContext admit(PendingRequest request) {
        ChannelHandlerContext context = this.ctx;
        if (this.closed || context == null || request.isDone()) {
            this.requestDone.run();
            if (!request.isDone()) {
                request.fail(connectionLost());
            }
            return null;
        }
        return context;
    }

    boolean isClosed() {
        return this.closed;
    }

    /**
     * Closes the connection; the requests in flight fail with {@code cause}. Safe from any thread.
     * @param cause why the connection is closed
     */
    void close(Throwable cause) {
        if (this.closeCause == null) {
            this.closeCause = cause;
        }
        ChannelHandlerContext context = this.ctx;
        if (context != null) {
            context.channel().close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ClosedChannelException) {
            // a write that came after the close: a consequence of the close, not its reason
            close();
            return;
        }
        close(cause);
    }

    private void close() {
        ChannelHandlerContext context = this.ctx;
        if (context != null) {
            context.channel().close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        this.closed = true;
        ScheduledFuture<?> check = this.timeoutCheck;
        if (check != null) {
            check.cancel(false);
            this.timeoutCheck = null;
        }
        failAll();
        super.channelInactive(ctx);
    }

    /**
     * Ends a request written on this connection, which closed before its answer: sent again elsewhere when it is to
     * an idempotent route and was not retried yet, failed otherwise. Its slot must be freed already.
     * @param request the request, not done
     */
    void lost(PendingRequest request) {
        if (request.takeRetry()) {
            this.retry.accept(request);
        }
        else {
            request.fail(connectionLost());
        }
    }

    /**
     * The failure of a request that the closing of this connection ends.
     * @return a new exception that says why the connection closed
     */
    FalcoConnectionException connectionLost() {
        Throwable cause = this.closeCause;
        if (cause == null) {
            // end of stream without a reset or an error on this side: the server closed the connection on purpose
            return new FalcoRequestNotProcessedException("the server at " + this.settings.endpoint()
                    + " closed the connection before answering: the request was not processed (a FalcoTCP server of "
                    + "this project answers every request it read before it closes), so it is safe to send again");
        }
        if (cause instanceof FalcoConnectionException connectionException) {
            return new FalcoConnectionException(connectionException.getMessage(), cause);
        }
        String reason = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
        return new FalcoConnectionException("connection to " + this.settings.endpoint() + " lost: " + reason, cause);
    }

    /**
     * Defers the flush to the end of the current batch of tasks, so that writes made together share one write to
     * the socket.
     * @param context the handler's context
     */
    void scheduleFlush(ChannelHandlerContext context) {
        if (!this.flushScheduled) {
            this.flushScheduled = true;
            context.executor().execute(this.flushTask);
        }
    }

    private void flush() {
        this.flushScheduled = false;
        ChannelHandlerContext context = this.ctx;
        if (context != null) {
            context.flush();
        }
    }

    /**
     * Makes sure {@link #expireRequests()} runs by {@code deadlineNanos}; one timer serves all requests.
     * @param deadlineNanos a {@link System#nanoTime()} deadline
     */
    void scheduleTimeoutCheck(long deadlineNanos) {
        ScheduledFuture<?> check = this.timeoutCheck;
        if (check != null) {
            if (deadlineNanos - this.timeoutCheckNanos >= 0) {
                return;
            }
            check.cancel(false);
        }
        ChannelHandlerContext context = this.ctx;
        if (context != null) {
            this.timeoutCheckNanos = deadlineNanos;
            this.timeoutCheck = context.executor().schedule(this::timeoutCheckDue,
                    Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void timeoutCheckDue() {
        this.timeoutCheck = null;
        expireRequests();
    }

    FalcoTimeoutException timedOut(PendingRequest request) {
        return new FalcoTimeoutException("no response from " + this.settings.endpoint() + " within "
                + request.describeTimeout(this.settings.requestTimeout()));
    }

}
