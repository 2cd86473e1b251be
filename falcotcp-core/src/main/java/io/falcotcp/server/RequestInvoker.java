package io.falcotcp.server;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the application's handler for the requests of one connection, where the handler says each one belongs: a
 * request that does not block is handled at once on the connection's event loop; one that blocks is queued for the
 * handler executor.
 * <p>
 * At most {@code maxQueued} blocking requests of the connection wait for a handler thread: at that limit
 * {@link #hasRoom()} turns {@code false} so that the dispatcher stops reading the connection, and when one of
 * them starts, the {@code roomFreed} task runs on the connection's event loop so that it reads again. A request
 * the executor refuses (the server's own pool is full, or shut down) is answered as rejected.
 */
final class RequestInvoker {

    private final ApplicationHandler handler;

    private final Executor executor;

    private final int maxQueued;

    private final Runnable roomFreed;

    private final AtomicInteger queued = new AtomicInteger();

    /**
     * Creates the invoker of one connection.
     * @param handler the application's handler
     * @param executor where the connection's blocking requests run: its queue in the server's own pool, or the
     * executor the application supplied
     * @param maxQueued how many of its blocking requests may wait for a thread
     * @param roomFreed what the connection's event loop runs when {@link #hasRoom()} turns {@code true} again
     */
    RequestInvoker(ApplicationHandler handler, Executor executor, int maxQueued, Runnable roomFreed) {
        this.handler = handler;
        this.executor = executor;
        this.maxQueued = maxQueued;
        this.roomFreed = roomFreed;
    }

    /**
     * Starts handling a request; its outcome is reported to the call. Called on the connection's event loop.
     * @param call the request
     */
    void invoke(HandlerCall call) {
        boolean blocks;
        try {
            blocks = this.handler.blocks(call);
        }
        catch (RuntimeException ex) {
            // application code as much as the handler itself: its failure answers the request, as the handler's
            call.failed(ex);
            return;
        }
        if (!blocks) {
            this.handler.call(call);
            return;
        }
        call.queuedBy(this);
        this.queued.incrementAndGet();
        try {
            this.executor.execute(call);
        }
        catch (RejectedExecutionException ex) {
            // on the event loop: the dispatcher looks at hasRoom() again after this call, no need to signal
            this.queued.decrementAndGet();
            call.rejected();
        }
    }

    /**
     * Whether the connection may send more requests: fewer than {@code maxQueued} of its blocking requests wait.
     * @return {@code true} below the limit
     */
    boolean hasRoom() {
        return this.queued.get() < this.maxQueued;
    }

    /**
     * Runs a queued request on the handler executor, when its turn has come.
     * @param call the request
     */
    void run(HandlerCall call) {
        if (this.queued.getAndDecrement() == this.maxQueued) {
            try {
                call.eventLoop().execute(this.roomFreed);
            }
            catch (RejectedExecutionException ex) {
                // the event loop is shut down, and with it the connection that would read again
            }
        }
        if (call.wanted()) {
            this.handler.call(call);
        }
        else {
            call.skipped();
        }
    }

    /**
     * Creates the {@link RequestInvoker} of each connection.
     */
    @FunctionalInterface
    interface Factory {

        /**
         * Creates the invoker of a new connection.
         * @param roomFreed what the connection's event loop runs when the invoker has room again after
         * {@link RequestInvoker#hasRoom()} said no
         * @return the invoker
         */
        RequestInvoker newInvoker(Runnable roomFreed);

    }

}
