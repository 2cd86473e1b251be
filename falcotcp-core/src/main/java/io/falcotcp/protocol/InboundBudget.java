package io.falcotcp.protocol;

/**
 * The memory a receiver lets one connection hold in requests: a frame decoder reserves a frame's length before it
 * buffers the frame, and whoever handles the request releases it. Called on the connection's event loop.
 * <p>
 * When {@link #tryReserve(int)} fails, the budget has stopped the connection's reading and resumes it (with a new
 * decoding attempt) once there may be room again: the decoder only has to leave the frame unread.
 */
public interface InboundBudget {

    /** A budget without limits, for receivers whose requests are bounded otherwise (clients read responses). */
    InboundBudget UNLIMITED = new InboundBudget() {

        @Override
        public boolean tryReserve(int bytes) {
            return true;
        }

        @Override
        public void add(int bytes) {
        }

        @Override
        public void release(int bytes) {
        }

    };

    /**
     * Reserves room for a frame about to be read.
     * @param bytes the frame's length
     * @return {@code true} when reserved; {@code false} when there is no room now
     */
    boolean tryReserve(int bytes);

    /**
     * Adds bytes without a limit, for a body that decompressed to more than its frame.
     * @param bytes the extra bytes
     */
    void add(int bytes);

    /**
     * Gives back reserved bytes.
     * @param bytes the bytes, at most those reserved and not yet released
     */
    void release(int bytes);

}
