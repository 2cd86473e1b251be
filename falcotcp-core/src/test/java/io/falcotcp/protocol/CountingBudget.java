package io.falcotcp.protocol;

/**
 * An {@link InboundBudget} for codec tests: grants every reservation and counts the bytes held.
 */
final class CountingBudget implements InboundBudget {

    long held;

    @Override
    public boolean tryReserve(int bytes) {
        this.held += bytes;
        return true;
    }

    @Override
    public void add(int bytes) {
        this.held += bytes;
    }

    @Override
    public void release(int bytes) {
        this.held -= bytes;
    }

}
