package io.falcotcp.protocol;

/**
 * A message frame announced a length above the configured maximum frame size (lengths of 2^63 and above
 * included); nothing was allocated for it.
 */
public final class FrameTooLargeException extends ClientFrameException {

    /**
     * Creates the exception.
     * @param length the announced length, an unsigned 64-bit value
     * @param maxFrameSize the configured maximum
     */
    public FrameTooLargeException(long length, int maxFrameSize) {
        super("message frame length " + Long.toUnsignedString(length) + " exceeds the maximum frame size "
                + maxFrameSize);
    }

}
