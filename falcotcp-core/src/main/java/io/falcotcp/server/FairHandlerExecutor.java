package io.falcotcp.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The server's own pool for blocking handler calls, fair to every connection: each connection queues its calls
 * in its own {@link #newConnectionQueue() queue}, and the threads serve the connections that have calls waiting in
 * turn, one call each per turn (round robin). A connection with a thousand calls waiting delays another
 * connection's single call by one turn, not by a thousand calls.
 * <p>
 * At most {@code capacity} calls wait across all connections; beyond it a queue refuses calls with a
 * {@link RejectedExecutionException}. Threads start when calls arrive, up to {@code threads}, each with the call
 * that started it, and run until {@link #shutdownNow()}.
 */
final class FairHandlerExecutor {

    private final int maxThreads;

    private final int capacity;

    private final ThreadFactory threadFactory;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition callsWaiting = this.lock.newCondition();

    /** The queues with calls waiting, in the order they are served. */
    private final ArrayDeque<ConnectionQueue> turns = new ArrayDeque<>();

    private final List<Thread> threads = new ArrayList<>();

    private int waiting;

    private boolean shutdown;

    /**
     * Creates a pool; no thread starts before the first call.
     * @param threads the most threads that run calls
     * @param capacity the most calls that wait for a thread, across all connections
     * @param threadFactory creates the threads
     */
    FairHandlerExecutor(int threads, int capacity, ThreadFactory threadFactory) {
        this.maxThreads = threads;
        this.capacity = capacity;
        this.threadFactory = threadFactory;
    }

    /**
     * Creates the queue of one connection: calls executed through it wait there for their turn.
     * @return the connection's queue
     */
    Executor newConnectionQueue() {
        return new ConnectionQueue();
    }

    /**
     * Stops the threads: calls that wait are dropped, running ones are interrupted, new ones refused.
     */
    void shutdownNow() {
        this.lock.lock();
        try {
            this.shutdown = true;
            for (ConnectionQueue queue : this.turns) {
                queue.calls.clear();
                queue.inTurn = false;
            }
            this.turns.clear();
            this.waiting = 0;
            this.callsWaiting.signalAll();
            this.threads.forEach(Thread::interrupt);
        }
        finally {
            this.lock.unlock();
        }
    }

    private void submit(ConnectionQueue queue, Runnable call) {
        Thread started = null;
        this.lock.lock();
        try {
            if (this.shutdown) {
                throw new RejectedExecutionException("the FalcoTCP handler executor is shut down");
            }
            if (this.threads.size() < this.maxThreads) {
                // as a ThreadPoolExecutor below its core size: a new thread for the call, which does not wait
                started = this.threadFactory.newThread(() -> serve(call));
                this.threads.add(started);
            }
            else if (this.waiting >= this.capacity) {
                throw new RejectedExecutionException("the FalcoTCP handler queue is full");
            }
            else {
                queue.calls.add(call);
                this.waiting++;
                if (!queue.inTurn) {
                    queue.inTurn = true;
                    this.turns.add(queue);
                }
                this.callsWaiting.signal();
            }
        }
        finally {
            this.lock.unlock();
        }
        if (started != null) {
            started.start();
        }
    }

    private void serve(Runnable first) {
        try {
            Runnable call = first;
            while (call != null) {
                call.run();
                call = next();
            }
        }
        finally {
            this.lock.lock();
            try {
                this.threads.remove(Thread.currentThread());
            }
            finally {
                this.lock.unlock();
            }
        }
    }

    /**
     * Waits for the next call, taken from the queue whose turn it is.
     * @return the call, {@code null} once shut down
     */
    private @Nullable Runnable next() {
        this.lock.lock();
        try {
            while (this.turns.isEmpty()) {
                if (this.shutdown) {
                    return null;
                }
                try {
                    this.callsWaiting.await();
                }
                catch (InterruptedException ex) {
                    // only shutdownNow() means to stop this thread; it is checked above
                }
            }
            ConnectionQueue queue = this.turns.poll();
            Runnable call = queue.calls.poll();
            this.waiting--;
            if (queue.calls.isEmpty()) {
                queue.inTurn = false;
            }
            else {
                this.turns.add(queue);
            }
            // a call that was interrupted must not leave its interrupt to the next one
            Thread.interrupted();
            return call;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * The calls of one connection that wait for a thread; guarded by the pool's lock.
     */
    private final class ConnectionQueue implements Executor {

        // room for one call, as most connections never have more waiting: an idle connection keeps its queue
        private final ArrayDeque<Runnable> calls = new ArrayDeque<>(1);

        private boolean inTurn;

        @Override
        public void execute(Runnable call) {
            submit(this, call);
        }

    }

}
