package io.falcotcp.benchmarks.load;

/**
 * A target could not be measured, or not trusted: it refused the connection or the key, answered with something
 * other than the echo, or failed requests during a run. The message says which and is all the user sees.
 */
final class MeasurementFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    MeasurementFailedException(String message) {
        super(message);
    }

}
