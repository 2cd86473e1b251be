package io.falcotcp.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The server's own handler pool on its own: turns per connection, capacity, threads and shutdown.
 */
class FairHandlerExecutorTests {

    private final AtomicInteger threadsCreated = new AtomicInteger();

    private final ThreadFactory threadFactory = (task) -> {
        Thread thread = new Thread(task, "fair-test-" + this.threadsCreated.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    };

    private final CountDownLatch release = new CountDownLatch(1);

    private final Queue<String> ran = new ConcurrentLinkedQueue<>();

    private FairHandlerExecutor executor;

    @AfterEach
    void shutDown() {
        this.release.countDown();
        if (this.executor != null) {
            this.executor.shutdownNow();
        }
    }

    @Test
    void aConnectionsSingleCallWaitsOneTurnBehindAConnectionWithManyCalls() throws Exception {
        this.executor = new FairHandlerExecutor(1, 100, this.threadFactory);
        Executor flooding = this.executor.newConnectionQueue();
        Executor single = this.executor.newConnectionQueue();
        CountDownLatch done = new CountDownLatch(7);
        flooding.execute(blocker(done));
        for (int i = 1; i <= 5; i++) {
            flooding.execute(recording("flood " + i, done));
        }
        single.execute(recording("single", done));
        this.release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(this.ran).containsExactly("blocker", "flood 1", "single", "flood 2", "flood 3", "flood 4",
                "flood 5");
    }

    @Test
    void callsBeyondTheCapacityAreRefusedWhateverTheirConnection() {
        this.executor = new FairHandlerExecutor(1, 2, this.threadFactory);
        Executor first = this.executor.newConnectionQueue();
        Executor second = this.executor.newConnectionQueue();
        CountDownLatch done = new CountDownLatch(1);
        first.execute(blocker(done));
        first.execute(recording("waits 1", done));
        second.execute(recording("waits 2", done));
        assertThatExceptionOfType(RejectedExecutionException.class)
            .isThrownBy(() -> second.execute(recording("refused", done)))
            .withMessageContaining("full");
    }

    @Test
    void threadsStartWithTheirFirstCallUpToTheLimit() throws Exception {
        this.executor = new FairHandlerExecutor(2, 100, this.threadFactory);
        assertThat(this.threadsCreated).hasValue(0);
        Executor queue = this.executor.newConnectionQueue();
        CountDownLatch done = new CountDownLatch(4);
        CountDownLatch bothRunning = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            queue.execute(() -> {
                bothRunning.countDown();
                blocker(done).run();
            });
        }
        assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
        queue.execute(recording("third", done));
        queue.execute(recording("fourth", done));
        this.release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(this.threadsCreated).hasValue(2);
    }

    @Test
    void shutdownNowInterruptsRunningCallsDropsWaitingOnesAndRefusesNewOnes() throws Exception {
        this.executor = new FairHandlerExecutor(1, 100, this.threadFactory);
        Executor queue = this.executor.newConnectionQueue();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        queue.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                interrupted.countDown();
            }
        });
        queue.execute(recording("dropped", new CountDownLatch(1)));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        this.executor.shutdownNow();
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatExceptionOfType(RejectedExecutionException.class)
            .isThrownBy(() -> queue.execute(recording("refused", new CountDownLatch(1))))
            .withMessageContaining("shut down");
        assertThat(this.ran).isEmpty();
    }

    private Runnable blocker(CountDownLatch done) {
        return () -> {
            try {
                assertThat(this.release.await(10, TimeUnit.SECONDS)).isTrue();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            this.ran.add("blocker");
            done.countDown();
        };
    }

    private Runnable recording(String name, CountDownLatch done) {
        return () -> {
            this.ran.add(name);
            done.countDown();
        };
    }

}
