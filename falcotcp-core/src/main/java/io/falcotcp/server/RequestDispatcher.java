package io.falcotcp.server;

import java.time.Duration;
import java.util.ArrayDeque;

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
 * batched as {@link Dispatcher} describes). With {@code maxPipelinedRequests} requests outstanding, or no room in its
 * {@link RequestInvoker} for more blocking requests, the connection stops reading until one is answered (or starts). A payload that did not open, a handler that fails and a request the
 * executor refuses are all answered with the empty response ({@code len = 0}) and the connection stays open.
 */
final class RequestDispatcher extends Dispatcher {

    private final RequestContext context;

    private final int maxPipelinedRequests;

    private final FalcoServerStats stats;

    // sized for one request, which a connection that does not pipeline never outgrows
    private final ArrayDeque<PendingRequest> pending = new ArrayDeque<>(1);

    RequestDispatcher(RequestContext context, RequestInvoker.Factory invokers, int maxPipelinedRequests,
            FalcoServerStats stats, RequestBudget budget, Duration writeStallTimeout) {
        super(invokers, budget, writeStallTimeout);
        this.context = context;
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
            invoker().invoke(pendingRequest);
        }
        updateRoom();
    }

    @Override
    boolean hasRoom() {
        return this.pending.size() < this.maxPipelinedRequests && invokerHasRoom();
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
