package io.falcotcp.server;

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
 * To avoid allocating a task per step it is its own task: on the handler executor, {@link #run()} calls the
 * blocking handler and then queues the same object on the event loop, where {@link #run()} reports it complete.
 * The executor and the event-loop queue order the accesses to its fields.
 */
abstract class HandlerCall implements Runnable, BiConsumer<byte[], Throwable> {

    private static final Logger logger = LoggerFactory.getLogger(HandlerCall.class);

    private final EventLoop eventLoop;

    private final FalcoServerStats stats;

    private byte @Nullable [] request;

    private @Nullable RequestHandler handler;

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

    void handler(RequestHandler handler) {
        this.handler = handler;
    }

    byte[] takeRequest() {
        byte[] taken = this.request;
        if (taken == null) {
            throw new IllegalStateException("the request was already handed to the handler");
        }
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
        RequestHandler handler = this.handler;
        if (handler == null) {
            throw new IllegalStateException("no handler for this request");
        }
        if (!wanted()) {
            finish(null, RequestStatus.HANDLER_ERROR, "cancelled");
            return;
        }
        byte[] result;
        try {
            result = handler.handle(takeRequest(), context());
        }
        catch (Throwable ex) {
            failed(ex);
            return;
        }
        succeeded(result);
    }

    @Override
    public void accept(byte @Nullable [] result, @Nullable Throwable failure) {
        if (failure != null) {
            failed(failure);
        }
        else {
            succeeded(result);
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
