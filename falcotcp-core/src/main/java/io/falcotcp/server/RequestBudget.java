package io.falcotcp.server;

import io.falcotcp.protocol.InboundBudget;
import io.netty.channel.Channel;

/**
 * The request bytes one connection holds: frames being read and requests being handled, within a per-connection
 * limit and the server-wide {@link RequestMemory}. When a frame does not fit it closes the connection's
 * {@link ReadGate} (backpressure: the frame stays unread, nothing more is buffered) and reopens it when bytes come
 * back, from this connection or, for the server-wide budget, from any other. One frame is always admitted when the
 * connection holds nothing, so that the per-connection limit alone never blocks a connection forever. The gate is
 * looked up in the connection's pipeline when needed, as a connection that wakes from its dormant shape gets a new
 * one.
 * <p>
 * Used on the connection's event loop; {@link #wake()} may come from any thread. When the connection closes,
 * {@link #close()} gives everything back.
 */
final class RequestBudget implements InboundBudget {

    private final RequestMemory memory;

    private final Channel channel;

    private long used;

    private boolean waiting;

    private boolean closed;

    RequestBudget(RequestMemory memory, Channel channel) {
        this.memory = memory;
        this.channel = channel;
    }

    @Override
    public boolean tryReserve(int bytes) {
        if (this.closed) {
            return false;
        }
        if (this.used > 0 && this.used + bytes > this.memory.perConnectionLimit()) {
            pause();
            return false;
        }
        if (!this.memory.tryReserve(bytes)) {
            // registered before trying again, so that a release in between cannot be missed
            this.memory.await(this);
            if (!this.memory.tryReserve(bytes)) {
                pause();
                return false;
            }
        }
        this.used += bytes;
        return true;
    }

    @Override
    public void add(int bytes) {
        if (!this.closed) {
            this.used += bytes;
            this.memory.add(bytes);
        }
    }

    @Override
    public void release(int bytes) {
        if (this.closed || bytes == 0) {
            return;
        }
        this.used -= bytes;
        this.memory.release(bytes);
        if (this.waiting) {
            this.channel.eventLoop().execute(this::resume);
        }
    }

    /**
     * The request bytes this connection holds.
     * @return the count
     */
    long used() {
        return this.used;
    }

    /**
     * Gives back everything the connection held; later calls are no-ops.
     */
    void close() {
        if (!this.closed) {
            this.closed = true;
            this.memory.release(this.used);
            this.used = 0;
        }
    }

    /**
     * Called by the server-wide budget when bytes came back, from any thread.
     */
    void wake() {
        try {
            this.channel.eventLoop().execute(this::resume);
        }
        catch (java.util.concurrent.RejectedExecutionException ex) {
            // the event loop is shut down, and the connection with it
        }
    }

    private void pause() {
        this.waiting = true;
        ReadGate gate = ReadGate.of(this.channel.pipeline());
        if (gate != null) {
            gate.close(ReadGate.BUDGET);
        }
    }

    private void resume() {
        if (this.waiting && !this.closed) {
            this.waiting = false;
            ReadGate gate = ReadGate.of(this.channel.pipeline());
            if (gate != null) {
                gate.open(ReadGate.BUDGET);
            }
        }
    }

}
