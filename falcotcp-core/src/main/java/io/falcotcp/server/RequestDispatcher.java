package io.falcotcp.server;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import io.falcotcp.protocol.ClientFrame;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.ProtocolV1;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Answers the messages of an established connection (protocol v1 §1.2): opens each payload, hands the plaintext
 * to the application's handler and writes the sealed responses in the order the requests arrived.
 * <p>
 * Every request takes a place in an ordered queue when it arrives; a response is written once it and all earlier ones
 * are complete, so a pipelining client gets its answers in order whatever thread finishes first (flushes are batched as
 * {@link Dispatcher} describes). With {@code maxPipelinedRequests} requests outstanding, or an outbound buffer above
 * its high-water mark, the connection stops reading until it drains, and also while its {@link RequestInvoker} has no
 * room for more blocking requests. A payload that does not open, a handler that fails and a request the executor
 * refuses are all answered with the empty response ({@code len = 0}) and the connection stays open.
 * When the server stops, the connection stops reading and finishes the requests it has.
 */
final class RequestDispatcher extends Dispatcher {

    private final PayloadCipher cipher;

    private final RequestContext context;

    private final RequestInvoker invoker;

    private final int maxPipelinedRequests;

    private final FalcoServerStats stats;

    private final ArrayDeque<PendingRequest> pending = new ArrayDeque<>();

    RequestDispatcher(PayloadCipher cipher, RequestContext context, RequestInvoker.Factory invokers,
            int maxPipelinedRequests, FalcoServerStats stats) {
        this.cipher = cipher;
        this.context = context;
        this.invoker = invokers.newInvoker(this::roomFreed);
        this.maxPipelinedRequests = maxPipelinedRequests;
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ClientFrame.Message message)) {
            // unknown type bytes and repeated auth frames on an established connection are ignored (§1.4)
            ReferenceCountUtil.release(msg);
            return;
        }
        readStarted();
        byte[] request;
        try {
            request = this.cipher.open(message.content());
        }
        finally {
            message.release();
        }
        this.stats.requestReceived();
        PendingRequest pendingRequest = new PendingRequest(request, ctx.channel().eventLoop());
        this.pending.add(pendingRequest);
        if (request == null) {
            this.stats.decryptFailed();
            pendingRequest.unreadable();
        }
        else {
            this.invoker.invoke(pendingRequest);
        }
        updateAutoRead(ctx);
    }

    @Override
    boolean hasRoom() {
        return this.pending.size() < this.maxPipelinedRequests && this.invoker.hasRoom();
    }

    private void roomFreed() {
        if (!isClosed()) {
            updateAutoRead(requireContext());
        }
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
            if (!isClosed()) {
                ctx.write(encode(ctx, head.response()), ctx.voidPromise());
                wrote = true;
            }
        }
        if (wrote) {
            updateAutoRead(ctx);
        }
        return wrote;
    }

    private ByteBuf encode(ChannelHandlerContext ctx, byte @Nullable [] response) {
        if (response == null) {
            return ctx.alloc().ioBuffer(ProtocolV1.LENGTH_PREFIX).writeLong(0);
        }
        ByteBuf out = ctx.alloc().ioBuffer(ProtocolV1.LENGTH_PREFIX + PayloadCipher.sealedLength(response.length));
        try {
            this.cipher.sealLengthPrefixed(ByteBuffer.wrap(response), out);
            return out;
        }
        catch (RuntimeException ex) {
            out.release();
            throw ex;
        }
    }

    /**
     * One request from arrival until its response is written.
     */
    final class PendingRequest extends HandlerCall {

        private boolean completed;

        PendingRequest(byte @Nullable [] request, EventLoop eventLoop) {
            super(request, eventLoop, RequestDispatcher.this.stats);
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
