package io.falcotcp.benchmarks.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One timed run against one target: keeps a fixed number of requests in flight, each completion sending the next,
 * and records the latency of every request completed in the measured window.
 */
final class LoadRun {

    private final EchoClient client;

    private final byte[] payload;

    private final int outstanding;

    private final Recorder recorder = new Recorder(3);

    private final AtomicLong completed = new AtomicLong();

    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private volatile boolean measuring;

    private volatile boolean stopping;

    private CountDownLatch drained;

    LoadRun(EchoClient client, byte[] payload, int outstanding) {
        this.client = client;
        this.payload = payload;
        this.outstanding = outstanding;
    }

    LoadResult run(LoadOptions options) throws InterruptedException {
        this.drained = new CountDownLatch(this.outstanding);
        for (int i = 0; i < this.outstanding; i++) {
            send();
        }
        Thread.sleep(options.warmup().toMillis());
        this.recorder.reset();
        this.completed.set(0);
        this.measuring = true;
        long start = System.nanoTime();
        Thread.sleep(options.duration().toMillis());
        this.measuring = false;
        long elapsed = System.nanoTime() - start;
        long count = this.completed.get();
        Histogram histogram = this.recorder.getIntervalHistogram();
        this.stopping = true;
        if (!this.drained.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still outstanding 30 s after the run ended");
        }
        if (this.failure.get() != null) {
            throw new IllegalStateException("a request failed during the run", this.failure.get());
        }
        return new LoadResult(count, elapsed, this.payload.length, histogram);
    }

    private void send() {
        long sent = System.nanoTime();
        this.client.echo(this.payload).whenComplete((response, ex) -> {
            if (ex != null) {
                this.failure.compareAndSet(null, ex);
                this.drained.countDown();
                return;
            }
            if (this.measuring) {
                this.recorder.recordValue(System.nanoTime() - sent);
                this.completed.incrementAndGet();
            }
            if (this.stopping) {
                this.drained.countDown();
            }
            else {
                send();
            }
        });
    }

}
