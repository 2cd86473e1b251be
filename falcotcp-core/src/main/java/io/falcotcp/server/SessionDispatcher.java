package io.falcotcp.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.protocol.SessionProtocolException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Answers the requests of a session-mode connection: each request runs the application's handler with its route
 * and metadata in the context, and its response (or status and message) is written as soon as it is ready, in
 * any order, tagged with the request's id. Each ping is answered with one pong. The
 * {@link io.falcotcp.protocol.SessionMessageCodec} in front of it opened the frames and seals what it writes.
 * <p>
 * With {@code maxInFlight} handler calls running, or no room in its {@link RequestInvoker} for more blocking
 * requests, the connection stops reading until one finishes (or starts) (the frames
 * already decoded wait in the flow-control stage): nothing is handled beyond the limit the server announced. A
 * cancelled request keeps its place in that count until its handler returns (a running handler cannot be
 * stopped), but is never answered; one whose handler has not started yet skips it. The requests of a batch frame
 * (feature bit 4) beyond the limit wait, already read, and start in their order as earlier ones complete. When the
 * session keys reach their lifetime ({@link LifetimeHandler} tells it) the connection retires as {@link Dispatcher}
 * describes. Flushes are batched as {@link Dispatcher} describes.
 * <p>
 * When the server stops and the connection negotiated {@link SessionFeature#GOING_AWAY}, it writes a
 * {@link SessionMessage.GoingAway} first and goes on answering every request it reads, including those the client
 * wrote before the notice reached it, until the client closes or half-closes; only {@value #GOING_AWAY_WINDOW_MILLIS}
 * ms after the notice does it retire as without the feature.
 */
final class SessionDispatcher extends Dispatcher {

    /** How long a connection that was told the server goes away still processes the requests it reads. */
    static final long GOING_AWAY_WINDOW_MILLIS = 5000;

    private static final byte[] EMPTY = new byte[0];

    private final RequestContext connection;

    private final Set<SessionFeature> features;

    private final int maxInFlight;

    private final FalcoServerStats stats;

    /** The requests in flight by id, created with the first: a connection that sends none holds no map. */
    private @Nullable IntObjectHashMap<SessionCall> active;

    private int running;

    /** Requests read while {@link #maxInFlight} were running (the rest of a batch), in their order. */
    private @Nullable ArrayDeque<SessionMessage.Request> waiting;

    /** The end of the going-away window, once the notice is written. */
    private @Nullable ScheduledFuture<?> goingAway;

    SessionDispatcher(RequestContext connection, Set<SessionFeature> features,
            RequestInvoker.Factory invokers, int maxInFlight, FalcoServerStats stats, RequestBudget budget,
            Duration writeStallTimeout) {
        super(invokers, budget, writeStallTimeout);
        this.connection = connection;
        this.features = features;
        this.maxInFlight = maxInFlight;
        this.stats = stats;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ServerStopping.INSTANCE && this.features.contains(SessionFeature.GOING_AWAY)
                && this.goingAway == null && !isRetiring() && !isClosed()) {
            ctx.writeAndFlush(SessionMessage.GoingAway.INSTANCE, ctx.voidPromise());
            this.goingAway = ctx.executor().schedule(this::retire, GOING_AWAY_WINDOW_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    boolean isIdle() {
        return this.goingAway == null && super.isIdle();
    }

    @Override
    void closed() {
        if (this.goingAway != null) {
            this.goingAway.cancel(false);
        }
        if (this.waiting != null) {
            for (SessionMessage.Request request : this.waiting) {
                budget().release(request.retainedLength());
            }
            this.waiting.clear();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof SessionMessage.Request request) {
            if (isRetiring()) {
                // read after the connection started to retire: never processed, so never answered
                budget().release(request.retainedLength());
                return;
            }
            if (active().containsKey(request.id()) || isWaiting(request.id())) {
                budget().release(request.retainedLength());
                ctx.fireExceptionCaught(new SessionProtocolException("request id " + request.id()
                        + " is already in flight"));
                return;
            }
            if (!hasRoom()) {
                // the rest of a batch read at the limit: handled in order as earlier requests complete
                waiting().add(request);
                return;
            }
            start(ctx, request);
            updateRoom();
        }
        else if (msg instanceof SessionMessage.Ping) {
            // the pong is the client's proof that this end still reads and writes (dead-connection detection)
            ctx.write(SessionMessage.Pong.INSTANCE, ctx.voidPromise());
            flushSoon();
        }
        else if (msg instanceof SessionMessage.Cancel cancel) {
            SessionCall call = (this.active != null) ? this.active.remove(cancel.id()) : null;
            if (call != null) {
                call.cancelled = true;
            }
            else {
                dropWaiting(cancel.id());
            }
        }
        else {
            ctx.fireExceptionCaught(new SessionProtocolException("a client sent a " + msg.getClass().getSimpleName()
                    + " frame, which only servers send"));
        }
    }

    @Override
    boolean hasRoom() {
        return this.running < this.maxInFlight && invokerHasRoom() && (this.waiting == null || this.waiting.isEmpty());
    }

    @Override
    boolean hasPending() {
        return this.running > 0 || (this.waiting != null && !this.waiting.isEmpty());
    }

    @Override
    void updateRoom() {
        ArrayDeque<SessionMessage.Request> waiting = this.waiting;
        if (waiting != null && !isClosed()) {
            ChannelHandlerContext ctx = requireContext();
            while (!waiting.isEmpty() && this.running < this.maxInFlight && invokerHasRoom()) {
                start(ctx, waiting.poll());
            }
        }
        super.updateRoom();
    }

    private void start(ChannelHandlerContext ctx, SessionMessage.Request request) {
        this.stats.requestReceived();
        SessionCall call = new SessionCall(request, ctx.channel().eventLoop());
        active().put(request.id(), call);
        this.running++;
        invoker().invoke(call);
    }

    private ArrayDeque<SessionMessage.Request> waiting() {
        ArrayDeque<SessionMessage.Request> current = this.waiting;
        if (current == null) {
            current = new ArrayDeque<>();
            this.waiting = current;
        }
        return current;
    }

    private boolean isWaiting(int id) {
        if (this.waiting != null) {
            for (SessionMessage.Request request : this.waiting) {
                if (request.id() == id) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A cancel of a request whose handler has not started: it is never handled nor answered. */
    private void dropWaiting(int id) {
        if (this.waiting != null) {
            for (Iterator<SessionMessage.Request> requests = this.waiting.iterator(); requests.hasNext(); ) {
                SessionMessage.Request request = requests.next();
                if (request.id() == id) {
                    requests.remove();
                    budget().release(request.retainedLength());
                    updateRoom();
                    return;
                }
            }
        }
    }

    private IntObjectHashMap<SessionCall> active() {
        IntObjectHashMap<SessionCall> current = this.active;
        if (current == null) {
            current = new IntObjectHashMap<>();
            this.active = current;
        }
        return current;
    }

    private void completed(SessionCall call) {
        this.running--;
        this.stats.requestFinished();
        budget().release(call.charge);
        ChannelHandlerContext ctx = requireContext();
        if (!call.cancelled && !isClosed()) {
            active().remove(call.id);
            byte[] response = call.response();
            ctx.write(new SessionMessage.Response(call.id, call.status(), call.message(),
                    (response != null) ? response : EMPTY), ctx.voidPromise());
            flushSoon();
        }
        updateRoom();
    }

    /**
     * One session request from arrival until its response is written.
     */
    private final class SessionCall extends HandlerCall {

        private final int id;

        private final int charge;

        private final RequestContext context;

        private volatile boolean cancelled;

        SessionCall(SessionMessage.Request request, EventLoop eventLoop) {
            super(request.body(), eventLoop, SessionDispatcher.this.stats);
            this.id = request.id();
            this.charge = request.retainedLength();
            this.context = new SessionRequestContext(SessionDispatcher.this.connection, request.route(),
                    SessionDispatcher.this.features, request.metadata());
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
