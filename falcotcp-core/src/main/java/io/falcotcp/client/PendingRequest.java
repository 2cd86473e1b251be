package io.falcotcp.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * One request from submission to its response: its route, the plaintext until it is encoded, the caller's future
 * and the deadline of the request timeout.
 */
final class PendingRequest {

    private final CompletableFuture<byte[]> future = new CompletableFuture<>();

    private final long deadlineNanos;

    private final @Nullable String route;

    private byte @Nullable [] payload;

    private volatile @Nullable ScheduledFuture<?> waitTimeout;

    PendingRequest(@Nullable String route, byte[] payload, long deadlineNanos) {
        this.route = route;
        this.payload = payload;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * The route the request names.
     * @return the route, {@code null} for the server's default handler
     */
    @Nullable String route() {
        return this.route;
    }

    CompletableFuture<byte[]> future() {
        return this.future;
    }

    long deadlineNanos() {
        return this.deadlineNanos;
    }

    boolean isDone() {
        return this.future.isDone();
    }

    /**
     * Hands the plaintext over for encoding; the request stops referencing it so that a large payload is not held
     * until the response arrives.
     */
    byte[] takePayload() {
        byte[] taken = this.payload;
        if (taken == null) {
            throw new IllegalStateException("the request was already sent");
        }
        this.payload = null;
        return taken;
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
