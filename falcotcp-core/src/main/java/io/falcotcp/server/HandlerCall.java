package io.falcotcp.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

import io.falcotcp.protocol.RequestStatus;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of the application's handler, from the decrypted request to its outcome: a response, or a status with
 * a short message that is safe to send (never a stack trace).
 * <p>
 * To avoid allocating a task per step it is its own task and its own completion callback: queued on the handler
 * executor, {@link #run()} calls the handler through the {@link RequestInvoker} that queued it; a stage the handler
 * returns completes it as a {@link BiConsumer}; then, unless it already is on the event loop, it queues itself there,
 * where {@link #run()} reports it complete. A handler that does not block is called on the event loop and
 * completes the call there at once. The executor, the stage and the event-loop queue order the accesses to its
 * fields.
 */
abstract class HandlerCall implements Runnable, BiConsumer<byte[], Throwable> {

    private static final Logger logger = LoggerFactory.getLogger(HandlerCall.class);

    private final EventLoop eventLoop;

    private final FalcoServerStats stats;

    private byte @Nullable [] request;

    private @Nullable RequestInvoker invoker;

    private byte @Nullable [] response;

    private RequestStatus status = RequestStatus.OK;

    private String message = "";

    private boolean handled;

    HandlerCall(byte @Nullable [] request, EventLoop eventLoop, FalcoServerStats stats) {
        this.request = request;
        this.eventLoop = eventLoop;
        this.stats = stats;
    }

    /**
     * The context handed to the handler.
     * @return the request's context
     */
    abstract RequestContext context();

    /**
     * Called on the event loop once the outcome is known.
     */
    abstract void complete();

    /**
     * Whether the handler should still run when its turn comes; a cancelled request skips it.
     * @return {@code true} to run the handler
     */
    boolean wanted() {
        return true;
    }

    EventLoop eventLoop() {
        return this.eventLoop;
    }

    /**
     * Remembers the invoker that queued this call on the handler executor, which {@link #run()} calls back.
     * @param invoker the connection's invoker
     */
    void queuedBy(RequestInvoker invoker) {
        this.invoker = invoker;
    }

    /**
     * The request before it is handed to the handler, for the handler to decide where it runs.
     * @return the request
     */
    byte[] request() {
        byte[] request = this.request;
        if (request == null) {
            throw new IllegalStateException("the request was already handed to the handler");
        }
        return request;
    }

    byte[] takeRequest() {
        byte[] taken = request();
        this.request = null;
        return taken;
    }

    /**
     * The handler's response when the status is OK.
     * @return the response, {@code null} for any other status
     */
    byte @Nullable [] response() {
        return this.response;
    }

    RequestStatus status() {
        return this.status;
    }

    String message() {
        return this.message;
    }

    @Override
    public void run() {
        if (this.handled) {
            complete();
            return;
        }
        RequestInvoker invoker = this.invoker;
        if (invoker == null) {
            throw new IllegalStateException("the call was not queued by a RequestInvoker");
        }
        invoker.run(this);
    }

    @Override
    public void accept(byte @Nullable [] result, @Nullable Throwable failure) {
        if (failure != null) {
            // a stage derived from a failed one (thenApply...) fails with the original failure wrapped
            Throwable cause = failure;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            failed(cause);
        }
        else {
            succeeded(result);
        }
    }

    /**
     * Records the outcome of an asynchronous handler once its stage completes; {@code null} counts as a handler
     * failure.
     * @param stage the handler's stage
     */
    void completeWith(@Nullable CompletionStage<byte[]> stage) {
        if (stage == null) {
            succeeded(null);
        }
        else if (stage instanceof CompletableFuture<byte[]> future && isCompletedNormally(future)) {
            // no dependent stage (and no allocation) for a result that is already there
            succeeded(future.getNow(null));
        }
        else {
            stage.whenComplete(this);
        }
    }

    /**
     * Records what the handler returned; {@code null} counts as a handler failure.
     * @param result the handler's response
     */
    void succeeded(byte @Nullable [] result) {
        if (result == null) {
            this.stats.handlerFailed();
            finish(null, RequestStatus.HANDLER_ERROR, "the request handler returned no response");
        }
        else {
            finish(result, RequestStatus.OK, "");
        }
    }

    /**
     * Records a handler failure: a {@link FalcoRequestException} gives its status and message, anything else a
     * generic {@link RequestStatus#HANDLER_ERROR}.
     * @param failure what the handler threw or its stage failed with
     */
    void failed(Throwable failure) {
        this.stats.handlerFailed();
        if (failure instanceof FalcoRequestException refusal) {
            // a status the handler chose on purpose (bad request, unknown route): not a server fault
            logger.debug("FalcoTCP request on connection {} answered {}: {}", context().connectionId(),
                    refusal.getStatus(), refusal.getMessage());
            finish(null, refusal.getStatus(), refusal.getMessage());
        }
        else {
            logger.warn("FalcoTCP request handler failed on connection {}", context().connectionId(), failure);
            finish(null, RequestStatus.HANDLER_ERROR, "the request handler failed");
        }
    }

    /**
     * Records that the request was cancelled before its handler started, so the handler never saw it.
     */
    void skipped() {
        finish(null, RequestStatus.HANDLER_ERROR, "cancelled");
    }

    /**
     * Records that the handler executor refused the request.
     */
    void rejected() {
        this.stats.requestRejected();
        finish(null, RequestStatus.OVERLOADED, "the server is overloaded; retry later");
    }

    /**
     * Records a request that could not be read, so the handler never saw it.
     */
    void unreadable() {
        finish(null, RequestStatus.BAD_REQUEST, "the request could not be decrypted");
    }

    private static boolean isCompletedNormally(CompletableFuture<byte[]> future) {
        // subclasses such as the JDK's minimal stage may refuse to be inspected
        return future.getClass() == CompletableFuture.class && future.isDone() && !future.isCompletedExceptionally();
    }

    private void finish(byte @Nullable [] response, RequestStatus status, String message) {
        this.response = response;
        this.status = status;
        this.message = message;
        this.handled = true;
        if (this.eventLoop.inEventLoop()) {
            complete();
            return;
        }
        try {
            this.eventLoop.execute(this);
        }
        catch (RejectedExecutionException ex) {
            // the event loop is shut down: the connection is gone and nobody waits for this response
            this.stats.requestFinished();
        }
    }

}
