package io.falcotcp.protocol.v02;

import io.netty.handler.codec.DecoderException;

/**
 * Bytes of a FalcoTCP 0.2 peer that break the framing, or use a compression this process cannot decode: the
 * connection cannot continue and is closed.
 * <p>
 * Raised on every bad frame a peer chooses to send, so it carries no stack trace.
 */
public final class V02FrameException extends DecoderException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what is wrong, safe to log
     */
    public V02FrameException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

}
