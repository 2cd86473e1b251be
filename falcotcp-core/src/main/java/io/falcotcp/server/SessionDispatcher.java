package io.falcotcp.server;

import java.util.Set;

import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.protocol.SessionFrameDecoder;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.protocol.SessionProtocolException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.collection.IntObjectHashMap;

/**
 * Answers the requests of a session-mode connection: each request runs the application's handler with its route
 * in the context, and its response (or status and message) is written as soon as it is ready, in any order,
 * tagged with the request's id. Each ping is answered with one pong.
 * <p>
 * With {@code maxInFlight} handler calls running, an outbound buffer above its high-water mark, or no room in its
 * {@link RequestInvoker} for more blocking requests, the connection stops reading, and the frame decoder stops handing
 * on frames it already has, until one finishes: backpressure, nothing is buffered beyond the limit the server
 * announced. A cancelled request keeps its place in that count until its handler returns (a running handler cannot be
 * stopped), but is never answered; one whose handler has not started yet skips it. Flushes are batched as
 * {@link Dispatcher} describes.
 */
final class SessionDispatcher extends Dispatcher {

    private static final byte[] EMPTY = new byte[0];

    private final RequestContext connection;

    private final Set<SessionFeature> features;

    private final RequestInvoker invoker;

    private final int maxInFlight;

    private final FalcoServerStats stats;

    private final SessionFrameDecoder decoder;

    private final IntObjectHashMap<SessionCall> active = new IntObjectHashMap<>();

    private int running;

    SessionDispatcher(RequestContext connection, Set<SessionFeature> features,
            RequestInvoker.Factory invokers, int maxInFlight, FalcoServerStats stats,
            SessionFrameDecoder decoder) {
        this.decoder = decoder;
        this.connection = connection;
        this.features = features;
        this.invoker = invokers.newInvoker(this::roomFreed);
        this.maxInFlight = maxInFlight;
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof SessionMessage.Request request) {
            readStarted();
            if (this.active.containsKey(request.id())) {
                ctx.fireExceptionCaught(new SessionProtocolException("request id " + request.id()
                        + " is already in flight"));
                return;
            }
            this.stats.requestReceived();
            SessionCall call = new SessionCall(request, ctx.channel().eventLoop());
            this.active.put(request.id(), call);
            this.running++;
            this.invoker.invoke(call);
            updateAutoRead(ctx);
        }
        else if (msg instanceof SessionMessage.Ping) {
            // the pong is the client's proof that this end still reads and writes (dead-connection detection)
            readStarted();
            ctx.write(SessionMessage.Pong.INSTANCE, ctx.voidPromise());
            flushSoon();
        }
        else if (msg instanceof SessionMessage.Cancel cancel) {
            SessionCall call = this.active.remove(cancel.id());
            if (call != null) {
                call.cancelled = true;
            }
        }
        else {
            ctx.fireExceptionCaught(new SessionProtocolException("a client sent a " + msg.getClass().getSimpleName()
                    + " frame, which only servers send"));
        }
    }

    @Override
    boolean hasRoom() {
        return this.running < this.maxInFlight && this.invoker.hasRoom();
    }

    private void roomFreed() {
        if (!isClosed()) {
            updateAutoRead(requireContext());
        }
    }

    @Override
    void readingChanged(boolean read) {
        // frames of the last read that are still buffered must wait as well, or the limit would not hold
        if (read) {
            this.decoder.resume();
        }
        else {
            this.decoder.pause();
        }
    }

    private void completed(SessionCall call) {
        this.running--;
        this.stats.requestFinished();
        ChannelHandlerContext ctx = requireContext();
        if (!call.cancelled && !isClosed()) {
            this.active.remove(call.id);
            byte[] response = call.response();
            ctx.write(new SessionMessage.Response(call.id, call.status(), call.message(),
                    (response != null) ? response : EMPTY), ctx.voidPromise());
            flushSoon();
        }
        if (!isClosed()) {
            updateAutoRead(ctx);
        }
    }

    /**
     * One session request from arrival until its response is written.
     */
    private final class SessionCall extends HandlerCall {

        private final int id;

        private final RequestContext context;

        private volatile boolean cancelled;

        SessionCall(SessionMessage.Request request, EventLoop eventLoop) {
            super(request.body(), eventLoop, SessionDispatcher.this.stats);
            this.id = request.id();
            this.context = new SessionRequestContext(SessionDispatcher.this.connection, request.route(),
                    SessionDispatcher.this.features);
        }

        @Override
        RequestContext context() {
            return this.context;
        }

        @Override
        boolean wanted() {
            // read off the event loop: a cancel that lands while the handler starts may still let it run once
            return !this.cancelled;
        }

        @Override
        void complete() {
            completed(this);
        }

    }

}
