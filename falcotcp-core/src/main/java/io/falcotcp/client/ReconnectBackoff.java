package io.falcotcp.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delays with jitter: the delay doubles from the initial one with each failed attempt up to
 * the maximum, and a random half of it is taken off so that clients that lost a server together do not reconnect
 * in lockstep. Not thread-safe: one per pool slot, used on the slot's event loop.
 */
final class ReconnectBackoff {

    private final long initialNanos;

    private final long maxNanos;

    private int failures;

    ReconnectBackoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /**
     * The delay before the next attempt; each call counts one more failed attempt.
     * @return the delay in nanoseconds, between half and all of the current exponential step
     */
    long nextDelayNanos() {
        long step = this.initialNanos;
        for (int i = 0; i < this.failures && step < this.maxNanos; i++) {
            step <<= 1;
        }
        step = Math.min(step, this.maxNanos);
        this.failures++;
        long half = step / 2;
        return half + ThreadLocalRandom.current().nextLong(step - half + 1);
    }

    /**
     * Starts over from the initial delay, after a connection was established.
     */
    void reset() {
        this.failures = 0;
    }

}
