package io.falcotcp.client;

/**
 * A request needs something the server did not negotiate, such as a route on a server that speaks plain v1.
 */
public class FalcoUnsupportedFeatureException extends FalcoClientException {

    /**
     * Creates an exception.
     * @param message what is missing and what to do about it
     */
    public FalcoUnsupportedFeatureException(String message) {
        super(message);
    }

}
