package io.falcotcp.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Echo requests one after the other on a thread of its own until stopped, keeping every failure: a wrong answer or
 * an exception. For tests that change something under load and must show that no request failed.
 */
public final class SteadyLoad {

    private final UnaryOperator<byte[]> echo;

    private final Thread thread;

    private final AtomicBoolean running = new AtomicBoolean(true);

    private final AtomicInteger succeeded = new AtomicInteger();

    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

    private SteadyLoad(UnaryOperator<byte[]> echo) {
        this.echo = echo;
        this.thread = new Thread(this::run, "steady-load");
        this.thread.setDaemon(true);
    }

    /**
     * Starts sending.
     * @param echo sends one request and returns the response, which must equal the request
     * @return the running load
     */
    public static SteadyLoad start(UnaryOperator<byte[]> echo) {
        SteadyLoad load = new SteadyLoad(echo);
        load.thread.start();
        return load;
    }

    /**
     * Stops after the request being sent, waiting for it up to a minute.
     * @return this load, stopped
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when the last request did not end within a minute
     */
    public SteadyLoad stop() throws InterruptedException {
        this.running.set(false);
        this.thread.join(TimeUnit.MINUTES.toMillis(1));
        if (this.thread.isAlive()) {
            throw new IllegalStateException("the last request of the load did not end within a minute");
        }
        return this;
    }

    /**
     * Requests answered correctly.
     * @return the count
     */
    public int succeeded() {
        return this.succeeded.get();
    }

    /**
     * What failed, in order.
     * @return the failures
     */
    public List<Throwable> failures() {
        return List.copyOf(this.failures);
    }

    private void run() {
        int sequence = 0;
        while (this.running.get()) {
            byte[] body = ("request " + sequence++).getBytes(StandardCharsets.UTF_8);
            try {
                byte[] response = this.echo.apply(body);
                if (Arrays.equals(response, body)) {
                    this.succeeded.incrementAndGet();
                }
                else {
                    this.failures.add(new AssertionError("wrong response to request " + sequence));
                }
            }
            catch (RuntimeException ex) {
                this.failures.add(ex);
            }
        }
    }

}
