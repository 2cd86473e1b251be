package io.falcotcp.benchmarks.idle;

/**
 * The measurement could not be made: the server process did not start or answer, or connections failed to open.
 * The message says which and is all the user sees.
 */
final class IdleMeasurementException extends Exception {

    private static final long serialVersionUID = 1L;

    IdleMeasurementException(String message) {
        super(message);
    }

}
