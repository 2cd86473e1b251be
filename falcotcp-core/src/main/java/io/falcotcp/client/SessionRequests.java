package io.falcotcp.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.falcotcp.protocol.Metadata;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.protocol.SessionCodec;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.protocol.SessionMessageCodec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.collection.IntObjectHashMap;

/**
 * The last handler of a session-mode client connection: gives each request an id that is unique among the
 * requests in flight, sends it with its route, and matches the responses, which may come in any order, by id.
 * <p>
 * A request that ends without its response (timed out, or its future cancelled or completed by the caller) is
 * removed at once, its slot freed and a cancel frame sent, so that the server can skip or forget it; its late
 * response, if any, is dropped. Requests left when the connection closes fail with
 * {@link FalcoConnectionException}. A going-away notice (feature bit 3) retires the connection; one the server
 * sends twice, or without having accepted the feature, closes it as a protocol error. Everything but
 * {@link #close(Throwable)} runs on the event loop.
 */
final class SessionRequests extends ConnectionRequests {

    private final IntObjectHashMap<PendingRequest> requests = new IntObjectHashMap<>();

    private final int maxFrameSize;

    private final boolean metadata;

    private final Runnable retire;

    private final boolean goingAwayAccepted;

    private final Runnable serverGoingAway;

    private boolean toldGoingAway;

    private int nextId;

    /**
     * Creates the handler of one connection.
     * @param settings the client configuration
     * @param maxFrameSize the largest session frame the server accepts, as it announced
     * @param metadata whether the server accepted the metadata feature; without it, a request with required
     *     metadata fails and propagated metadata is left out
     * @param requestDone called each time a request leaves the connection, to free its slot
     * @param retry takes a request to an idempotent route that the closing of the connection ended
     * @param retire called when the connection's sealing key nears its block limit
     * @param goingAwayAccepted whether the server accepted the going-away feature
     * @param serverGoingAway called when the server says it goes away
     */
    SessionRequests(ClientSettings settings, int maxFrameSize, boolean metadata, Runnable requestDone,
            Consumer<PendingRequest> retry, Runnable retire, boolean goingAwayAccepted, Runnable serverGoingAway) {
        super(settings, requestDone, retry);
        this.maxFrameSize = maxFrameSize;
        this.metadata = metadata;
        this.retire = retire;
        this.goingAwayAccepted = goingAwayAccepted;
        this.serverGoingAway = serverGoingAway;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == SessionMessageCodec.KeysExhausted.INSTANCE) {
            this.retire.run();
        }
        else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    void send(PendingRequest request) {
        ChannelHandlerContext context = admit(request);
        if (context == null) {
            return;
        }
        Metadata metadata = request.metadata();
        if (!this.metadata && !metadata.isEmpty()) {
            if (metadata.hasRequired()) {
                this.requestDone.run();
                request.fail(request.metadataUnsupported("the session-mode server at " + this.settings.endpoint()
                        + " did not accept the metadata feature"));
                return;
            }
            metadata = Metadata.empty();
        }
        int id = nextFreeId();
        SessionMessage.Request message = new SessionMessage.Request(id, request.route(), metadata,
                request.takePayload());
        int frameLength = SessionCodec.encodedLength(message) + ProtocolV1.TAG_LENGTH;
        if (frameLength > this.maxFrameSize) {
            this.requestDone.run();
            request.fail(new FalcoClientException("a request of " + message.body().length + " bytes makes a "
                    + frameLength + "-byte session frame, above the " + this.maxFrameSize + " bytes the server at "
                    + this.settings.endpoint() + " accepts"));
            return;
        }
        this.requests.put(id, request);
        request.future().whenComplete((response, failure) -> {
            if (failure != null) {
                abandoned(context, id, request);
            }
        });
        context.write(message, context.voidPromise());
        scheduleFlush(context);
        scheduleTimeoutCheck(request.deadlineNanos());
    }

    private int nextFreeId() {
        int id;
        do {
            id = this.nextId++;
        }
        while (this.requests.containsKey(id));
        return id;
    }

    /**
     * Forgets a request that ended without its response and tells the server; a no-op for a request that got its
     * response or was failed by the closing of the connection.
     */
    private void abandoned(ChannelHandlerContext context, int id, PendingRequest request) {
        if (!context.executor().inEventLoop()) {
            context.executor().execute(() -> abandoned(context, id, request));
            return;
        }
        if (this.requests.get(id) != request) {
            return;
        }
        this.requests.remove(id);
        this.requestDone.run();
        if (!isClosed()) {
            context.write(new SessionMessage.Cancel(id), context.voidPromise());
            scheduleFlush(context);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof SessionMessage.Pong) {
            // its bytes already counted as a sign of life in the keep-alive handler
            return;
        }
        if (msg == SessionMessage.GoingAway.INSTANCE) {
            goingAway();
            return;
        }
        if (!(msg instanceof SessionMessage.Response response)) {
            close(new FalcoProtocolException("the server at " + this.settings.endpoint() + " sent a "
                    + msg.getClass().getSimpleName() + " frame, which only clients send"));
            return;
        }
        PendingRequest request = this.requests.remove(response.id());
        if (request == null) {
            // the late answer to a request given up on
            return;
        }
        this.requestDone.run();
        if (response.status() == RequestStatus.OK) {
            request.complete(response.body());
        }
        else {
            String route = (request.route() != null) ? " for route '" + request.route() + "'" : "";
            request.fail(new FalcoRemoteException("the server at " + this.settings.endpoint() + " answered "
                    + response.status() + route + ": " + response.message(), response.status()));
        }
    }

    private void goingAway() {
        if (!this.goingAwayAccepted || this.toldGoingAway) {
            close(new FalcoProtocolException("the server at " + this.settings.endpoint() + " sent a going-away frame "
                    + (this.goingAwayAccepted ? "twice" : "without having accepted the going-away feature")));
            return;
        }
        this.toldGoingAway = true;
        this.serverGoingAway.run();
    }

    @Override
    void failAll() {
        List<PendingRequest> left = new ArrayList<>(this.requests.values());
        this.requests.clear();
        for (PendingRequest request : left) {
            this.requestDone.run();
            lost(request);
        }
    }

    /**
     * Fails the requests past their deadline (which cancels them on the server) and plans the next check for the
     * earliest one still running.
     */
    @Override
    void expireRequests() {
        long now = System.nanoTime();
        List<PendingRequest> expired = new ArrayList<>();
        long next = 0;
        boolean any = false;
        for (PendingRequest request : this.requests.values()) {
            long deadline = request.deadlineNanos();
            if (deadline - now <= 0) {
                expired.add(request);
            }
            else if (!any || deadline - next < 0) {
                next = deadline;
                any = true;
            }
        }
        for (PendingRequest request : expired) {
            request.fail(timedOut(request));
        }
        if (any) {
            scheduleTimeoutCheck(next);
        }
    }

}
