package io.falcotcp.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.protocol.SessionCodec;
import io.falcotcp.protocol.SessionMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of a session-mode client connection: gives each request an id that is unique among the
 * requests in flight, sends it with its route, and matches the responses, which may come in any order, by id.
 * <p>
 * A request that ends without its response (timed out, or its future cancelled or completed by the caller) is
 * removed at once, its slot freed and a cancel frame sent, so that the server can skip or forget it; its late
 * response, if any, is dropped. Requests left when the connection closes fail with
 * {@link FalcoConnectionException}. Everything but {@link #close(Throwable)} runs on the event loop.
 */
final class SessionRequests extends ChannelInboundHandlerAdapter implements RequestSender {

    private final IntObjectHashMap<PendingRequest> requests = new IntObjectHashMap<>();

    private final ClientSettings settings;

    private final int maxFrameSize;

    private final Runnable requestDone;

    private final Runnable flushTask = this::flush;

    private @Nullable ChannelHandlerContext ctx;

    private volatile @Nullable Throwable closeCause;

    private boolean closed;

    private boolean flushScheduled;

    private int nextId;

    private @Nullable ScheduledFuture<?> timeoutCheck;

    private long timeoutCheckNanos;

    /**
     * Creates the handler of one connection.
     * @param settings the client configuration
     * @param maxFrameSize the largest session frame the server accepts, as it announced
     * @param requestDone called each time a request leaves the connection, to free its slot
     */
    SessionRequests(ClientSettings settings, int maxFrameSize, Runnable requestDone) {
        this.settings = settings;
        this.maxFrameSize = maxFrameSize;
        this.requestDone = requestDone;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void send(PendingRequest request) {
        ChannelHandlerContext context = this.ctx;
        if (this.closed || context == null || request.isDone()) {
            this.requestDone.run();
            if (!request.isDone()) {
                request.fail(connectionLost());
            }
            return;
        }
        int id = nextFreeId();
        SessionMessage.Request message = new SessionMessage.Request(id, request.route(), request.takePayload());
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
                abandoned(id, request);
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
    private void abandoned(int id, PendingRequest request) {
        ChannelHandlerContext context = this.ctx;
        if (context == null) {
            return;
        }
        if (!context.executor().inEventLoop()) {
            context.executor().execute(() -> abandoned(id, request));
            return;
        }
        if (this.requests.get(id) != request) {
            return;
        }
        this.requests.remove(id);
        this.requestDone.run();
        if (!this.closed) {
            context.write(new SessionMessage.Cancel(id), context.voidPromise());
            scheduleFlush(context);
        }
    }

    @Override
    public void close(Throwable cause) {
        if (this.closeCause == null) {
            this.closeCause = cause;
        }
        ChannelHandlerContext context = this.ctx;
        if (context != null) {
            context.channel().close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
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
            request.fail(new FalcoRemoteException("the server at " + this.settings.endpoint() + " answered "
                    + response.status() + ": " + response.message(), response.status()));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        this.closed = true;
        ScheduledFuture<?> check = this.timeoutCheck;
        if (check != null) {
            check.cancel(false);
            this.timeoutCheck = null;
        }
        List<PendingRequest> left = new ArrayList<>(this.requests.values());
        this.requests.clear();
        for (PendingRequest request : left) {
            this.requestDone.run();
            request.fail(connectionLost());
        }
        super.channelInactive(ctx);
    }

    @Override
    public FalcoConnectionException connectionLost() {
        Throwable cause = this.closeCause;
        if (cause == null) {
            return new FalcoConnectionException("connection to " + this.settings.endpoint()
                    + " lost: the server closed it");
        }
        if (cause instanceof FalcoConnectionException connectionException) {
            return new FalcoConnectionException(connectionException.getMessage(), cause);
        }
        String reason = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
        return new FalcoConnectionException("connection to " + this.settings.endpoint() + " lost: " + reason, cause);
    }

    private void scheduleFlush(ChannelHandlerContext context) {
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

    private void scheduleTimeoutCheck(long deadlineNanos) {
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
            this.timeoutCheck = context.executor().schedule(this::expireRequests,
                    Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Fails the requests past their deadline (which cancels them on the server) and plans the next check for the
     * earliest one still running.
     */
    private void expireRequests() {
        this.timeoutCheck = null;
        long now = System.nanoTime();
        List<PendingRequest> expired = new ArrayList<>();
        long next = Long.MAX_VALUE;
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
            request.fail(new FalcoTimeoutException("no response from " + this.settings.endpoint() + " within "
                    + this.settings.requestTimeout().toMillis() + " ms (requestTimeout)"));
        }
        if (any) {
            scheduleTimeoutCheck(next);
        }
    }

}
