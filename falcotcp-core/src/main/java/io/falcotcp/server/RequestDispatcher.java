package io.falcotcp.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.falcotcp.protocol.V1Request;
import io.falcotcp.protocol.V1Response;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Answers the requests of an established plain v1 connection (protocol v1 §1.2): hands each opened request to the
 * application's handler and writes the responses in the order the requests arrived; the
 * {@link io.falcotcp.protocol.V1ServerCodec} in front of it opened them and seals the responses.
 * <p>
 * Every request takes a place in an ordered queue when it arrives; a response is written once it and all earlier
 * ones are complete, so a pipelining client gets its answers in order whatever thread finishes first (flushes are
 * batched as {@link Dispatcher} describes). With {@code maxPipelinedRequests} requests outstanding the connection
 * stops reading until one is answered. A payload that did not open, a handler that fails and a request the
 * executor refuses are all answered with the empty response ({@code len = 0}) and the connection stays open.
 */
final class RequestDispatcher extends Dispatcher {

    private final RequestContext context;

    private final RequestInvoker invoker;

    private final int maxPipelinedRequests;

    private final FalcoServerStats stats;

    private final ArrayDeque<PendingRequest> pending = new ArrayDeque<>();

    RequestDispatcher(RequestContext context, RequestInvoker invoker, int maxPipelinedRequests,
            FalcoServerStats stats, RequestBudget budget, Duration writeStallTimeout) {
        super(budget, writeStallTimeout);
        this.context = context;
        this.invoker = invoker;
        this.maxPipelinedRequests = maxPipelinedRequests;
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof V1Request request)) {
            // unknown type bytes and repeated auth frames on an established connection are ignored (§1.4)
            ReferenceCountUtil.release(msg);
            return;
        }
        byte[] body = request.body();
        int charge = (body != null) ? body.length : 0;
        if (isRetiring()) {
            // read after the connection started to retire: never processed, so never answered
            budget().release(charge);
            return;
        }
        this.stats.requestReceived();
        PendingRequest pendingRequest = new PendingRequest(body, ctx.channel().eventLoop(), charge);
        this.pending.add(pendingRequest);
        if (body == null) {
            this.stats.decryptFailed();
            pendingRequest.unreadable();
        }
        else {
            this.invoker.invoke(pendingRequest);
        }
        updateRoom();
    }

    @Override
    boolean hasRoom() {
        return this.pending.size() < this.maxPipelinedRequests;
    }

    @Override
    boolean hasPending() {
        return !this.pending.isEmpty();
    }

    @Override
    void closed() {
        writeCompleted();
    }

    private void completed(PendingRequest request) {
        request.completed = true;
        if (writeCompleted() && !isClosed()) {
            flushSoon();
        }
    }

    /**
     * Writes (without flushing) the responses at the head of the queue that are complete, in order; on a closed
     * connection it only drops them.
     * @return whether anything was written
     */
    private boolean writeCompleted() {
        ChannelHandlerContext ctx = requireContext();
        boolean wrote = false;
        PendingRequest head;
        while ((head = this.pending.peek()) != null && head.completed) {
            this.pending.poll();
            this.stats.requestFinished();
            budget().release(head.charge);
            if (!isClosed()) {
                byte[] response = head.response();
                ctx.write((response != null) ? new V1Response(response) : V1Response.EMPTY, ctx.voidPromise());
                wrote = true;
            }
        }
        if (wrote) {
            updateRoom();
        }
        return wrote;
    }

    /**
     * Runs the application's handler for {@link PendingRequest}s: on an executor or on the event loop.
     */
    interface RequestInvoker {

        /**
         * Starts handling a request; its outcome is reported to the call.
         * @param request the request, called on the connection's event loop
         */
        void invoke(HandlerCall request);

    }

    /**
     * Invokes a blocking {@link RequestHandler} on an executor.
     */
    static final class ExecutorInvoker implements RequestInvoker {

        private final RequestHandler handler;

        private final Executor executor;

        ExecutorInvoker(RequestHandler handler, Executor executor) {
            this.handler = handler;
            this.executor = executor;
        }

        @Override
        public void invoke(HandlerCall request) {
            request.handler(this.handler);
            try {
                this.executor.execute(request);
            }
            catch (RejectedExecutionException ex) {
                request.rejected();
            }
        }

    }

    /**
     * Invokes an {@link AsyncRequestHandler} on the event loop.
     */
    static final class AsyncInvoker implements RequestInvoker {

        private final AsyncRequestHandler handler;

        AsyncInvoker(AsyncRequestHandler handler) {
            this.handler = handler;
        }

        @Override
        public void invoke(HandlerCall request) {
            CompletionStage<byte[]> stage;
            try {
                stage = this.handler.handle(request.takeRequest(), request.context());
            }
            catch (Throwable ex) {
                request.failed(ex);
                return;
            }
            if (stage == null) {
                request.succeeded(null);
                return;
            }
            stage.whenComplete(request);
        }

    }

    /**
     * One request from arrival until its response is written.
     */
    final class PendingRequest extends HandlerCall {

        private final int charge;

        private boolean completed;

        PendingRequest(byte @Nullable [] request, EventLoop eventLoop, int charge) {
            super(request, eventLoop, RequestDispatcher.this.stats);
            this.charge = charge;
        }

        @Override
        RequestContext context() {
            return RequestDispatcher.this.context;
        }

        @Override
        void complete() {
            completed(this);
        }

    }

}
