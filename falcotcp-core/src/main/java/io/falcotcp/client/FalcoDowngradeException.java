package io.falcotcp.client;

/**
 * A client in {@link ClientMode#SESSION} asked for the session mode and the server answered as plain FalcoTCP v1:
 * it is a plain v1 server, or an attacker is stripping the session mode. The connection is closed before any
 * request is written on it.
 */
public class FalcoDowngradeException extends FalcoClientException {

    /**
     * Creates an exception.
     * @param message what happened and how to allow plain v1 where that is intended
     */
    public FalcoDowngradeException(String message) {
        super(message);
    }

}
