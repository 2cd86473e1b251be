package io.falcotcp.benchmarks.load;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What one run measured.
 *
 * @param requests requests answered with their echo in the measured window
 * @param errors requests that failed or were answered with something else, over the whole run (warm-up included)
 * @param firstError what went wrong with the first of them, or {@code null}
 * @param elapsedNanos length of the measured window
 * @param payloadSize bytes per request
 * @param latencies round-trip latencies in nanoseconds of the requests counted in {@code requests}
 */
record LoadResult(long requests, long errors, @Nullable String firstError, long elapsedNanos, int payloadSize,
        Histogram latencies) {

    double requestsPerSecond() {
        return this.requests * 1e9 / this.elapsedNanos;
    }

    /** Payload megabytes per second in each direction (the echo returns what it received). */
    double megabytesPerSecond() {
        return requestsPerSecond() * this.payloadSize / 1e6;
    }

    double percentileMicros(double percentile) {
        return this.latencies.getValueAtPercentile(percentile) / 1e3;
    }

    double maxMicros() {
        return this.latencies.getMaxValue() / 1e3;
    }

    double meanMicros() {
        return this.latencies.getMean() / 1e3;
    }

}
