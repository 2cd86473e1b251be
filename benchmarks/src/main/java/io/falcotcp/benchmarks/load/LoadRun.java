package io.falcotcp.benchmarks.load;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * One timed run against one target: keeps a fixed number of requests in flight, each completion sending the next,
 * checks that every answer is the echo of its request, and records the latency of every request answered in the
 * measured window.
 * <p>
 * Each request in flight has its own payload buffer, whose first (up to 8) bytes carry a sequence number unique to
 * the request: a server that answers a request with another one's bytes is caught, not only one that corrupts them.
 * Buffers are reused from one request to the next, so the run allocates nothing per request itself.
 */
final class LoadRun {

    private static final long DRAIN_SECONDS = 30;

    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EchoClient client;

    private final byte[][] payloads;

    private final Recorder recorder = new Recorder(3);

    private final AtomicLong sequence = new AtomicLong();

    private final AtomicLong completed = new AtomicLong();

    private final AtomicLong errors = new AtomicLong();

    private final AtomicReference<@Nullable String> firstError = new AtomicReference<>();

    private final CountDownLatch drained;

    private volatile boolean measuring;

    private volatile boolean stopping;

    LoadRun(EchoClient client, int payloadSize, int outstanding) {
        this.client = client;
        byte[] payload = new byte[payloadSize];
        new Random(42).nextBytes(payload);
        this.payloads = new byte[outstanding][];
        for (int i = 0; i < outstanding; i++) {
            this.payloads[i] = payload.clone();
        }
        this.drained = new CountDownLatch(outstanding);
    }

    /**
     * Drives the load for the warm-up, then measures for the duration.
     * @param warmup time driven before measuring
     * @param duration time measured
     * @param progress told about once a second where the run is, with {@code run} and {@code runs} filled in
     * @return what the measured window saw
     */
    LoadResult run(Duration warmup, Duration duration, PhaseProgress progress)
            throws InterruptedException, MeasurementFailedException {
        for (byte[] payload : this.payloads) {
            send(payload);
        }
        drive(warmup, false, progress);
        this.recorder.reset();
        this.completed.set(0);
        this.measuring = true;
        long start = System.nanoTime();
        drive(duration, true, progress);
        this.measuring = false;
        long elapsed = System.nanoTime() - start;
        long count = this.completed.get();
        Histogram histogram = this.recorder.getIntervalHistogram();
        this.stopping = true;
        if (!this.drained.await(DRAIN_SECONDS, TimeUnit.SECONDS)) {
            throw new MeasurementFailedException(this.drained.getCount() + " requests still had no answer "
                    + DRAIN_SECONDS + " s after the run ended: the server stopped answering");
        }
        return new LoadResult(count, this.errors.get(), this.firstError.get(), elapsed, this.payloads[0].length,
                histogram);
    }

    private void drive(Duration length, boolean measured, PhaseProgress progress) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        for (long left = end - start; left > 0; left = end - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, PROGRESS_INTERVAL_NANOS));
            progress.update(measured, Duration.ofNanos(Math.min(System.nanoTime() - start, length.toNanos())), length,
                    measured ? this.completed.get() : 0);
        }
    }

    private void send(byte[] payload) {
        long id = this.sequence.getAndIncrement();
        for (int i = 0; i < Math.min(Long.BYTES, payload.length); i++) {
            payload[i] = (byte) (id >>> (8 * i));
        }
        long sent = System.nanoTime();
        CompletableFuture<byte[]> answer;
        try {
            answer = this.client.echo(payload);
        }
        catch (RuntimeException ex) {
            // refused before it was sent: sending again would fail the same way, so this slot stops
            failed(describe(ex));
            this.drained.countDown();
            return;
        }
        answer.whenComplete((response, ex) -> answered(payload, sent, response, ex));
    }

    private void answered(byte[] payload, long sent, byte @Nullable [] response, @Nullable Throwable ex) {
        String problem = (response == null) ? describe(ex) : Echo.mismatch(payload, response);
        if (problem != null) {
            failed(problem);
        }
        else if (this.measuring) {
            this.recorder.recordValue(System.nanoTime() - sent);
            this.completed.incrementAndGet();
        }
        if (this.stopping) {
            this.drained.countDown();
        }
        else {
            send(payload);
        }
    }

    private void failed(String problem) {
        this.errors.incrementAndGet();
        this.firstError.compareAndSet(null, problem);
    }

    private static String describe(@Nullable Throwable failure) {
        Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
                ? failure.getCause() : failure;
        return (cause == null) ? "no answer" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /**
     * Where one run is, for a {@link LoadProgress} that also knows which run it is.
     */
    @FunctionalInterface
    interface PhaseProgress {

        PhaseProgress NONE = (measuring, elapsed, length, answered) -> {
        };

        void update(boolean measuring, Duration elapsed, Duration length, long answered);

    }

}
