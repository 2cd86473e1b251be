package io.falcotcp.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * What one run measured.
 *
 * @param requests requests completed in the measured window
 * @param elapsedNanos length of the measured window
 * @param payloadSize bytes per request
 * @param latencies round-trip latencies in nanoseconds
 */
record LoadResult(long requests, long elapsedNanos, int payloadSize, Histogram latencies) {

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

}
