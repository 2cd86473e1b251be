package io.falcotcp.protocol;

import io.netty.handler.codec.DecoderException;

/**
 * A v1 response did not authenticate under the client's key: the server, or something on the path, sent bytes the
 * key did not seal, and the connection cannot be trusted any more.
 * <p>
 * Raised on every bad frame a peer chooses to send, so it carries no stack trace.
 */
public final class ResponseAuthenticationException extends DecoderException {

    /**
     * Creates the exception.
     */
    public ResponseAuthenticationException() {
        super("a response does not authenticate under the client's key");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

}
