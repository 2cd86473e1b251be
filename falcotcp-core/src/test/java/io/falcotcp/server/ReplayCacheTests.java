package io.falcotcp.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay cache on a clock the test moves: fingerprints are remembered for two to three windows, the cache is
 * bounded, and the memory of a burst is given back once it expires.
 */
class ReplayCacheTests {

    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final AtomicLong clock = new AtomicLong();

    @Test
    void aFingerprintSeenBeforeIsAReplay() {
        ReplayCache cache = new ReplayCache(WINDOW, 100, this.clock::get);
        assertThat(cache.remember(42)).isEqualTo(ReplayCache.Outcome.REMEMBERED);
        assertThat(cache.remember(42)).isEqualTo(ReplayCache.Outcome.REPLAYED);
        assertThat(cache.remember(0)).isEqualTo(ReplayCache.Outcome.REMEMBERED);
        assertThat(cache.remember(0)).isEqualTo(ReplayCache.Outcome.REPLAYED);
    }

    @Test
    void fingerprintsAreRememberedForAtLeastTwoWindows() {
        ReplayCache cache = new ReplayCache(WINDOW, 100, this.clock::get);
        this.clock.set(WINDOW.toNanos() - 1);
        cache.remember(7);
        this.clock.addAndGet(2 * WINDOW.toNanos());
        assertThat(cache.remember(7)).isEqualTo(ReplayCache.Outcome.REPLAYED);
        this.clock.addAndGet(WINDOW.toNanos() + 1);
        assertThat(cache.remember(7)).isEqualTo(ReplayCache.Outcome.REMEMBERED);
    }

    @Test
    void aLongSilenceForgetsEverything() {
        ReplayCache cache = new ReplayCache(WINDOW, 100, this.clock::get);
        for (long i = 1; i <= 50; i++) {
            cache.remember(i);
        }
        this.clock.addAndGet(100 * WINDOW.toNanos());
        assertThat(cache.size()).isZero();
        assertThat(cache.remember(1)).isEqualTo(ReplayCache.Outcome.REMEMBERED);
    }

    @Test
    void aFullCacheRefusesUntilItsOldestGenerationExpires() {
        ReplayCache cache = new ReplayCache(WINDOW, 1000, this.clock::get);
        for (long i = 1; i <= 1000; i++) {
            assertThat(cache.remember(i * 0x9E3779B97F4A7C15L)).isEqualTo(ReplayCache.Outcome.REMEMBERED);
        }
        assertThat(cache.remember(-1)).isEqualTo(ReplayCache.Outcome.FULL);
        assertThat(cache.remember(0x9E3779B97F4A7C15L)).isEqualTo(ReplayCache.Outcome.REPLAYED);
        this.clock.addAndGet(3 * WINDOW.toNanos());
        assertThat(cache.remember(-1)).isEqualTo(ReplayCache.Outcome.REMEMBERED);
        assertThat(cache.size()).isEqualTo(1);
    }

}
