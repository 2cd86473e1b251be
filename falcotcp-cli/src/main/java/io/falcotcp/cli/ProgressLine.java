package io.falcotcp.cli;

import java.io.PrintStream;
import java.util.Locale;

import io.falcotcp.benchmarks.load.LoadProgress;

/**
 * A progress line on standard error, rewritten in place about once a second while {@code bench} measures, and
 * ended when a phase of a run is over.
 */
final class ProgressLine implements LoadProgress {

    private final PrintStream err;

    ProgressLine(PrintStream err) {
        this.err = err;
    }

    @Override
    public void update(Update update) {
        long elapsed = update.elapsed().toSeconds();
        String line = update.measuring()
                ? String.format(Locale.ROOT, "run %d/%d: measuring %d/%d s, %d answered (%.0f req/s)", update.run(),
                        update.runs(), elapsed, update.length().toSeconds(), update.answered(),
                        update.answered() / Math.max(update.elapsed().toNanos() / 1e9, 1e-9))
                : String.format(Locale.ROOT, "run %d/%d: warming up %d/%d s", update.run(), update.runs(), elapsed,
                        update.length().toSeconds());
        boolean phaseOver = update.elapsed().compareTo(update.length()) >= 0;
        this.err.print("\r" + line + (phaseOver ? "\n" : ""));
        this.err.flush();
    }

}
