package io.falcotcp.client;

import java.util.ArrayDeque;
import java.util.function.Consumer;

import io.falcotcp.protocol.ResponseAuthenticationException;
import io.falcotcp.protocol.V1Response;
import io.netty.channel.ChannelHandlerContext;

/**
 * The last handler of a plain v1 client connection: sends requests and matches the responses, which v1 writes in
 * request order, to the requests in flight, first in first out.
 * <p>
 * A request that times out fails with {@link FalcoTimeoutException} but keeps its place in the queue: its late
 * response still arrives in order and is dropped. Closing the connection instead would
 * fail every other request pipelined on it because of one slow answer. Requests left when the connection closes
 * fail with {@link FalcoConnectionException}. Everything but {@link #close(Throwable)} runs on the event loop.
 */
final class InFlightRequests extends ConnectionRequests {

    private final ArrayDeque<PendingRequest> requests = new ArrayDeque<>();

    /**
     * Creates the handler of one connection.
     * @param settings the client configuration
     * @param requestDone called each time a request leaves the connection, to free its pipelining slot
     * @param retry takes a request to an idempotent route that the closing of the connection ended
     */
    InFlightRequests(ClientSettings settings, Runnable requestDone, Consumer<PendingRequest> retry) {
        super(settings, requestDone, retry);
    }

    /**
     * Writes a request and queues it for its response; called on the event loop. The flush is deferred to the end
     * of the current batch of tasks so that requests submitted together share one write to the socket. A request
     * with a route or required metadata fails: plain v1 has no place for them (propagated metadata is left out).
     */
    @Override
    void send(PendingRequest request) {
        ChannelHandlerContext context = admit(request);
        if (context == null) {
            return;
        }
        if (request.route() != null) {
            this.requestDone.run();
            request.fail(new FalcoUnsupportedFeatureException("the server at " + this.settings.endpoint()
                    + " speaks plain FalcoTCP v1; routes need the session mode (route '" + request.route() + "')"));
            return;
        }
        if (request.metadata().hasRequired()) {
            this.requestDone.run();
            request.fail(request.metadataUnsupported("the server at " + this.settings.endpoint()
                    + " speaks plain FalcoTCP v1, which has no metadata"));
            return;
        }
        this.requests.add(request);
        context.write(request.takePayload(), context.voidPromise());
        scheduleFlush(context);
        scheduleTimeoutCheck(request.deadlineNanos());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        V1Response response = (V1Response) msg;
        PendingRequest request = this.requests.poll();
        if (request == null) {
            close(new FalcoProtocolException("the server at " + this.settings.endpoint()
                    + " sent a response although no request was in flight"));
            return;
        }
        // the slot is freed before the future completes, so that a caller who sends its next request as soon as it
        // has the answer finds the room this one leaves
        this.requestDone.run();
        if (request.isDone()) {
            return;
        }
        byte[] body = response.body();
        if (body == null) {
            request.fail(new FalcoRemoteException("the server at " + this.settings.endpoint()
                    + " could not produce a response (empty response, len = 0): its handler failed or it could "
                    + "not decrypt the request"));
            return;
        }
        request.complete(body);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ResponseAuthenticationException) {
            FalcoProtocolException failure = new FalcoProtocolException("a response from "
                    + this.settings.endpoint() + " does not authenticate under the client's key; the connection "
                    + "is closed as its stream can no longer be trusted");
            PendingRequest request = this.requests.poll();
            if (request != null) {
                this.requestDone.run();
                request.fail(failure);
            }
            close(failure);
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    @Override
    void failAll() {
        PendingRequest request;
        while ((request = this.requests.poll()) != null) {
            this.requestDone.run();
            if (!request.isDone()) {
                lost(request);
            }
        }
    }

    /**
     * Fails the requests past their deadline and plans the next check for the earliest one still running.
     * Deadlines are nearly, not strictly, in queue order (a request may have waited for a connection), so every
     * request is looked at; this runs about once per request timeout, not per request.
     * <p>
     * A connection whose oldest request is still unanswered a whole request timeout after its own deadline is
     * closed as stuck: every request behind it is blocked by v1's ordering, and a peer that vanished without a
     * reset (a half-open connection) would otherwise hold the connection forever, as pings get no answer.
     */
    @Override
    void expireRequests() {
        long now = System.nanoTime();
        PendingRequest oldest = this.requests.peek();
        if (oldest == null) {
            return;
        }
        long stuckAt = oldest.deadlineNanos() + this.settings.requestTimeout().toNanos();
        if (now - stuckAt >= 0) {
            close(new FalcoConnectionException("no response from " + this.settings.endpoint() + " for "
                    + oldest.describeTimeout(this.settings.requestTimeout()) + " plus the request timeout ("
                    + this.settings.requestTimeout().toMillis() + " ms): the server or the network is stuck, so "
                    + "the connection is closed"));
            return;
        }
        long next = stuckAt;
        for (PendingRequest request : this.requests) {
            if (request.isDone()) {
                continue;
            }
            long deadline = request.deadlineNanos();
            if (deadline - now <= 0) {
                request.fail(timedOut(request));
            }
            else if (deadline - next < 0) {
                next = deadline;
            }
        }
        scheduleTimeoutCheck(next);
    }

}
