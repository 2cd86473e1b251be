package io.falcotcp.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReconnectBackoff}.
 */
class ReconnectBackoffTests {

    private static final long MS = 1_000_000;

    @Test
    void delaysDoubleWithJitterUpToTheMaximum() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        long[] steps = { 100, 200, 400, 800, 1000, 1000, 1000 };
        for (long step : steps) {
            assertThat(backoff.nextDelayNanos()).isBetween(step * MS / 2, step * MS);
        }
    }

    @Test
    void resetStartsOverFromTheInitialDelay() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelayNanos();
        }
        backoff.reset();
        assertThat(backoff.nextDelayNanos()).isBetween(50 * MS, 100 * MS);
    }

    @Test
    void manyFailuresStayAtTheMaximumWithoutOverflow() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(1), Duration.ofDays(365));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.nextDelayNanos()).isPositive().isLessThanOrEqualTo(Duration.ofDays(365).toNanos());
        }
    }

}
