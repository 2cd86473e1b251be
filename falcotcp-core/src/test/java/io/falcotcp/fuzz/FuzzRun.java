package io.falcotcp.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs scenarios on a few client threads against one server until a number of frames has been sent. Scenario
 * {@code n} draws everything it sends from a random seeded with the run's seed and {@code n}, so that a run, and
 * the scenario that failed, is reproduced from its seed.
 */
final class FuzzRun {

    /** Connections in use at once. */
    private static final int CLIENTS = 8;

    private final long seed;

    private final long frames;

    private final FuzzTarget target;

    FuzzRun(long seed, long frames, FuzzTarget target) {
        this.seed = seed;
        this.frames = frames;
        this.target = target;
    }

    /** Generous for this machine: a run that takes longer has a connection that hangs. */
    Duration deadline() {
        return Duration.ofMinutes(2).plusMillis(this.frames);
    }

    /**
     * Runs the scenarios; stops at the first failure.
     * @return what was sent and seen
     * @throws AssertionError naming the seed, the failed scenario and what it sent
     */
    FuzzTally run() throws InterruptedException {
        FuzzTally tally = new FuzzTally();
        AtomicLong scenarios = new AtomicLong();
        Queue<Failure> failures = new ConcurrentLinkedQueue<>();
        Runnable client = () -> {
            while (tally.frames() < this.frames && failures.isEmpty()) {
                long index = scenarios.getAndIncrement();
                Scenario scenario = Scenario.pick(new Random(mix(this.seed + mix(index))), this.target, tally);
                try {
                    scenario.run();
                }
                catch (Exception | AssertionError ex) {
                    failures.add(new Failure(index, scenario.trace(), ex));
                }
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread thread = new Thread(client, "fuzz-client-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        long deadline = System.nanoTime() + deadline().toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                throw new AssertionError("the fuzz run with seed " + this.seed + " did not finish within "
                        + deadline() + ": a connection hangs (" + tally.frames() + " frames sent)");
            }
        }
        tally.finished();
        Failure failure = failures.peek();
        if (failure != null) {
            throw new AssertionError("scenario " + failure.index() + " of the fuzz run with seed " + this.seed
                    + " failed (rerun with -Dfalcotcp.fuzz.seed=" + this.seed + "): " + failure.cause()
                    + "\n  it sent: " + failure.trace(), failure.cause());
        }
        return tally;
    }

    /** The finalizer of MurmurHash3: spreads nearby numbers over all bits. */
    static long mix(long value) {
        long mixed = (value ^ (value >>> 33)) * 0xFF51AFD7ED558CCDL;
        mixed = (mixed ^ (mixed >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return mixed ^ (mixed >>> 33);
    }

    private record Failure(long index, String trace, Throwable cause) {
    }

}
