package io.falcotcp.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiting in tests without wall-clock windows: a condition is polled until it holds, within a bound generous enough
 * for a loaded machine (a test that waits the whole bound has failed anyway, so the bound costs nothing when it
 * passes).
 */
public final class Await {

    /** How long {@link #until(String, BooleanSupplier)} waits. */
    public static final Duration BOUND = Duration.ofSeconds(20);

    private Await() {
    }

    /**
     * Waits until the condition holds, for at most {@link #BOUND}.
     * @param description what is awaited, named in the failure
     * @param condition the condition, polled every 10 ms
     * @throws InterruptedException when interrupted while waiting
     */
    public static void until(String description, BooleanSupplier condition) throws InterruptedException {
        until(description, BOUND, condition);
    }

    /**
     * Waits until the condition holds, for at most the bound given.
     * @param description what is awaited, named in the failure
     * @param bound how long to wait at most
     * @param condition the condition, polled every 10 ms
     * @throws InterruptedException when interrupted while waiting
     */
    public static void until(String description, Duration bound, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("%s: not within %s", description, bound).isNegative();
            Thread.sleep(10);
        }
    }

    /**
     * Checks that a condition keeps holding for a while: for what must <em>not</em> happen. Such a window can only
     * miss a fault on a slow machine (the code under test had less time to misbehave), never fail a correct one,
     * so it is kept short.
     * @param description what must keep holding, named in the failure
     * @param window how long it is watched
     * @param condition the condition, polled every 10 ms
     * @throws InterruptedException when interrupted while watching
     */
    public static void holdsFor(String description, Duration window, BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + window.toNanos();
        do {
            assertThat(condition.getAsBoolean()).as("%s: broken within %s", description, window).isTrue();
            Thread.sleep(10);
        }
        while (System.nanoTime() - end < 0);
        assertThat(condition.getAsBoolean()).as("%s: broken within %s", description, window).isTrue();
    }

}
