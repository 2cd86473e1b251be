package io.falcotcp.server;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Remembers the auth frames a server accepted recently, as 64-bit fingerprints, so that a recorded one replayed on
 * a new connection is refused before it costs a key agreement (see "Replayed handshakes" in
 * {@code docs/protocol.md}).
 * <p>
 * Fingerprints are kept in generations one replay window long; the three newest generations are searched, so a
 * fingerprint is remembered for two to three windows: a session hello is accepted only while the server's clock is
 * within one window of the client's, so a replay of it is always caught. The cache is bounded: when it holds
 * {@code capacity} fingerprints it refuses to remember more, and the handshake is refused (failing closed), until
 * the oldest generation expires. Thread-safe.
 */
final class ReplayCache {

    private static final int GENERATIONS = 3;

    private final long windowNanos;

    private final int capacity;

    private final LongSupplier nanoClock;

    private final FingerprintSet[] generations = new FingerprintSet[GENERATIONS];

    private long generationStart;

    /**
     * Creates a cache.
     * @param window the replay window
     * @param capacity the most fingerprints held at once
     * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    ReplayCache(Duration window, int capacity, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        for (int i = 0; i < GENERATIONS; i++) {
            this.generations[i] = new FingerprintSet();
        }
        this.generationStart = nanoClock.getAsLong();
    }

    /**
     * Remembers a fingerprint unless it is already known.
     * @param fingerprint the fingerprint of an auth frame that opened under a server key
     * @return what became of it
     */
    synchronized Outcome remember(long fingerprint) {
        expire();
        for (FingerprintSet generation : this.generations) {
            if (generation.contains(fingerprint)) {
                return Outcome.REPLAYED;
            }
        }
        if (sizeLocked() >= this.capacity) {
            return Outcome.FULL;
        }
        this.generations[0].add(fingerprint);
        return Outcome.REMEMBERED;
    }

    /**
     * How many fingerprints the cache holds.
     * @return the count
     */
    synchronized int size() {
        expire();
        return sizeLocked();
    }

    private int sizeLocked() {
        int size = 0;
        for (FingerprintSet generation : this.generations) {
            size += generation.size();
        }
        return size;
    }

    private void expire() {
        long elapsed = this.nanoClock.getAsLong() - this.generationStart;
        if (elapsed < this.windowNanos) {
            return;
        }
        long passed = Math.min(GENERATIONS, elapsed / this.windowNanos);
        for (long i = 0; i < passed; i++) {
            FingerprintSet oldest = this.generations[GENERATIONS - 1];
            System.arraycopy(this.generations, 0, this.generations, 1, GENERATIONS - 1);
            oldest.clear();
            this.generations[0] = oldest;
        }
        this.generationStart += (elapsed / this.windowNanos) * this.windowNanos;
    }

    /**
     * What {@link #remember(long)} did.
     */
    enum Outcome {

        /** The fingerprint is new and now remembered: the handshake may go on. */
        REMEMBERED,

        /** The fingerprint was seen within the last windows: a replay. */
        REPLAYED,

        /** The cache is full: the handshake cannot be checked and is refused. */
        FULL

    }

    /**
     * An open-addressing set of non-zero longs (zero is mapped to one, a collision of no consequence), growing by
     * doubling; clearing it gives back the memory of a burst.
     */
    private static final class FingerprintSet {

        private static final int INITIAL_LENGTH = 64;

        private long[] table = new long[INITIAL_LENGTH];

        private int size;

        boolean contains(long fingerprint) {
            long value = nonZero(fingerprint);
            int mask = this.table.length - 1;
            for (int index = slot(value, mask); ; index = (index + 1) & mask) {
                long stored = this.table[index];
                if (stored == 0) {
                    return false;
                }
                if (stored == value) {
                    return true;
                }
            }
        }

        void add(long fingerprint) {
            if (2 * (this.size + 1) > this.table.length) {
                grow();
            }
            insert(this.table, nonZero(fingerprint));
            this.size++;
        }

        int size() {
            return this.size;
        }

        void clear() {
            this.table = new long[INITIAL_LENGTH];
            this.size = 0;
        }

        private void grow() {
            long[] bigger = new long[2 * this.table.length];
            for (long value : this.table) {
                if (value != 0) {
                    insert(bigger, value);
                }
            }
            this.table = bigger;
        }

        private static void insert(long[] table, long value) {
            int mask = table.length - 1;
            int index = slot(value, mask);
            while (table[index] != 0) {
                index = (index + 1) & mask;
            }
            table[index] = value;
        }

        private static int slot(long value, int mask) {
            // fingerprints are hash output already; fold the high bits in for tables of any size
            return (int) (value ^ (value >>> 32)) & mask;
        }

        private static long nonZero(long fingerprint) {
            return (fingerprint != 0) ? fingerprint : 1;
        }

    }

}
