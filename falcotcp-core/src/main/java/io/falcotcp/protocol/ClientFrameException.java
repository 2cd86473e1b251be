package io.falcotcp.protocol;

import io.netty.handler.codec.DecoderException;

/**
 * Bytes from a client that break the v1 framing rules: the connection cannot continue and must be closed.
 * <p>
 * Raised on every bad frame a peer chooses to send, so it carries no stack trace.
 */
public abstract class ClientFrameException extends DecoderException {

    ClientFrameException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

}
