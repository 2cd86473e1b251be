package io.falcotcp.server;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide budget of request bytes: frames being read and requests being handled, over all connections.
 * A connection that finds it spent stops reading and waits here; every release wakes the waiting connections, which
 * try again on their own event loops. It also keeps the limit of each connection ({@link RequestBudget}), the same for
 * all of them. Thread-safe.
 */
final class RequestMemory {

    private final long limit;

    private final long perConnectionLimit;

    private final AtomicLong used = new AtomicLong();

    private final ConcurrentLinkedQueue<RequestBudget> waiting = new ConcurrentLinkedQueue<>();

    /**
     * Creates the budget of one server.
     * @param limit the most request bytes held at once
     * @param perConnectionLimit the most request bytes one connection holds at once
     */
    RequestMemory(long limit, long perConnectionLimit) {
        this.limit = limit;
        this.perConnectionLimit = perConnectionLimit;
    }

    /**
     * The most request bytes one connection holds at once.
     * @return the limit
     */
    long perConnectionLimit() {
        return this.perConnectionLimit;
    }

    /**
     * Takes bytes if they fit.
     * @param bytes the bytes
     * @return {@code true} when taken
     */
    boolean tryReserve(long bytes) {
        while (true) {
            long current = this.used.get();
            if (current + bytes > this.limit) {
                return false;
            }
            if (this.used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /**
     * Takes bytes whether they fit or not (a body that decompressed to more than its frame).
     * @param bytes the bytes
     */
    void add(long bytes) {
        this.used.addAndGet(bytes);
    }

    /**
     * Gives bytes back and wakes the connections waiting for room.
     * @param bytes the bytes
     */
    void release(long bytes) {
        this.used.addAndGet(-bytes);
        RequestBudget waiter;
        while ((waiter = this.waiting.poll()) != null) {
            waiter.wake();
        }
    }

    /**
     * Registers a connection to be woken at the next release.
     * @param budget the connection's budget
     */
    void await(RequestBudget budget) {
        this.waiting.add(budget);
    }

    /**
     * The request bytes held now.
     * @return the count
     */
    long used() {
        return this.used.get();
    }

}
