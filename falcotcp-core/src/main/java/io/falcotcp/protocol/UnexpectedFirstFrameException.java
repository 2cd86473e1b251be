package io.falcotcp.protocol;

/**
 * The first frame of a connection was not an auth frame ({@code 0x00}).
 */
public final class UnexpectedFirstFrameException extends ClientFrameException {

    /**
     * Creates the exception.
     * @param type the type byte that came first
     */
    public UnexpectedFirstFrameException(byte type) {
        super(String.format("the first frame must be an auth frame (0x00), got type 0x%02x", type & 0xFF));
    }

}
