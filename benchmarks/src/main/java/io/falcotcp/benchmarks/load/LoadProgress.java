package io.falcotcp.benchmarks.load;

import java.time.Duration;

/**
 * Receives the state of a running measurement about once a second, for a progress line.
 */
@FunctionalInterface
public interface LoadProgress {

    /** Ignores every update: the load generator's own output is its JSON lines and table. */
    LoadProgress NONE = (update) -> {
    };

    /**
     * Called on the measuring thread, so it must return quickly.
     * @param update where the measurement is
     */
    void update(Update update);

    /**
     * Where a measurement is.
     *
     * @param run the run, from 1
     * @param runs how many runs there are
     * @param measuring {@code false} during the warm-up, {@code true} in the measured window
     * @param elapsed time spent in the current phase
     * @param length the phase's length
     * @param answered requests answered with their echo in the measured window so far (0 in the warm-up)
     */
    record Update(int run, int runs, boolean measuring, Duration elapsed, Duration length, long answered) {
    }

}
