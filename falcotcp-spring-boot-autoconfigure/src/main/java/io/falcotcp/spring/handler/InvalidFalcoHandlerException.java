package io.falcotcp.spring.handler;

/**
 * Thrown at start-up when a {@link FalcoHandler} method cannot be used: an unsupported signature, or a route (or
 * the default handler) declared twice. The message names the methods to fix.
 */
public class InvalidFalcoHandlerException extends IllegalStateException {

    /**
     * Creates an exception.
     * @param message what is wrong, naming the methods
     */
    public InvalidFalcoHandlerException(String message) {
        super(message);
    }

}
