package io.falcotcp.server;

/**
 * The server could not start, typically because its port could not be bound.
 */
public class FalcoServerStartException extends IllegalStateException {

    /**
     * Creates the exception.
     * @param message what failed and, where possible, what to do
     * @param cause the underlying failure
     */
    public FalcoServerStartException(String message, Throwable cause) {
        super(message, cause);
    }

}
