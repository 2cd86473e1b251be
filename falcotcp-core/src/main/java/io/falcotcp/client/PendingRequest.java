package io.falcotcp.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import io.falcotcp.protocol.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * One request from submission to its response: its route and metadata, the plaintext until it is encoded, the
 * caller's future and the deadline of its timeout (the client's request timeout, or the caller's own for this request).
 * A request to an idempotent route keeps its plaintext until it is sent a second time, so that it can be retried
 * once when its connection is lost.
 */
final class PendingRequest {

    private final CompletableFuture<byte[]> future = new CompletableFuture<>();

    private final long deadlineNanos;

    private final Duration timeout;

    private final @Nullable String route;

    private final Metadata metadata;

    private byte @Nullable [] payload;

    private volatile boolean retryable;

    private volatile @Nullable ScheduledFuture<?> waitTimeout;

    PendingRequest(@Nullable String route, Metadata metadata, byte[] payload, Duration timeout, boolean idempotent) {
        this.route = route;
        this.metadata = metadata;
        this.payload = payload;
        this.timeout = timeout;
        this.retryable = idempotent;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /**
     * The route the request names.
     * @return the route, {@code null} for the server's default handler
     */
    @Nullable String route() {
        return this.route;
    }

    /**
     * The metadata the request carries.
     * @return the metadata, empty for none
     */
    Metadata metadata() {
        return this.metadata;
    }

    /**
     * The failure of a request whose required metadata cannot travel on its connection.
     * @param connection what the connection speaks, for the message
     */
    FalcoUnsupportedFeatureException metadataUnsupported(String connection) {
        return new FalcoUnsupportedFeatureException(connection + "; request metadata " + this.metadata
                + " needs a session-mode server that accepts the metadata feature (entries added with "
                + "Metadata.Builder.propagate are left out instead)");
    }

    CompletableFuture<byte[]> future() {
        return this.future;
    }

    long deadlineNanos() {
        return this.deadlineNanos;
    }

    /**
     * The request's timeout for a message: {@code 250 ms (the request's timeout)}, or with {@code (requestTimeout)}
     * when it is the client's own, so that the reader knows which setting to change.
     * @param requestTimeout the client's request timeout
     */
    String describeTimeout(Duration requestTimeout) {
        return describeTimeout(this.timeout, requestTimeout);
    }

    /**
     * A timeout for a message, as {@link #describeTimeout(Duration)} gives a request's.
     * @param timeout the request's timeout
     * @param requestTimeout the client's request timeout
     */
    static String describeTimeout(Duration timeout, Duration requestTimeout) {
        return timeout.toMillis() + " ms ("
                + (timeout.equals(requestTimeout) ? "requestTimeout" : "the request's timeout") + ")";
    }

    boolean isDone() {
        return this.future.isDone();
    }

    /**
     * Hands the plaintext over for encoding; the request stops referencing it so that a large payload is not held
     * until the response arrives, unless it may still be retried.
     */
    byte[] takePayload() {
        byte[] taken = this.payload;
        if (taken == null) {
            throw new IllegalStateException("the request was already sent");
        }
        if (!this.retryable) {
            this.payload = null;
        }
        return taken;
    }

    /**
     * Uses up the one retry of a request to an idempotent route whose connection was lost after it was written.
     * @return {@code true} when the request is to be sent again; {@code false} when it is not idempotent, was
     *     retried already or has ended
     */
    boolean takeRetry() {
        if (!this.retryable || isDone()) {
            return false;
        }
        this.retryable = false;
        return true;
    }

    void complete(byte[] response) {
        this.future.complete(response);
    }

    void fail(Throwable failure) {
        this.future.completeExceptionally(failure);
    }

    /**
     * Remembers the timer that fails the request while it waits for a connection, so that placing it can stop it.
     */
    void waitTimeout(ScheduledFuture<?> timer) {
        this.waitTimeout = timer;
    }

    void placed() {
        ScheduledFuture<?> timer = this.waitTimeout;
        if (timer != null) {
            timer.cancel(false);
            this.waitTimeout = null;
        }
    }

}
