package io.falcotcp.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.channel.local.LocalAddress;
import org.jspecify.annotations.Nullable;

/**
 * The connections that have not authenticated yet, in the order they were accepted, in total and per source
 * address: the pre-authentication budget of a server (see "Connection slots" in {@code docs/security.md}).
 * <p>
 * When a new connection would exceed a budget, the oldest pending connection of the same address (or, for the
 * total, of any address) is closed to make room, as SYN-flood defences do: a legitimate client authenticates
 * within a round trip of connecting, so it is almost never the oldest, while silent or half-sent connections age
 * until they are evicted. A flood from some addresses therefore never locks out a client from another, and a
 * client that opens many connections at once is served as long as they fit in the per-address budget. The same
 * eviction makes room when the server is at its connection limit. In-process connections (each with an address of
 * its own) all come from this JVM: they count as one source address, as loopback connections do. Thread-safe:
 * connections of every event loop meet here, but only when they open, authenticate or close.
 */
final class PendingHandshakes {

    /** The source of every in-process connection: the JVM itself. */
    private static final Object IN_PROCESS = new Object();

    private final int maxTotal;

    private final int maxPerAddress;

    private final FalcoServerStats stats;

    private final LinkedHashSet<Entry> all = new LinkedHashSet<>();

    private final Map<Object, LinkedHashSet<Entry>> byAddress = new HashMap<>();

    /**
     * Creates the budget of one server.
     * @param maxTotal the most connections pending at once
     * @param maxPerAddress the most connections pending at once from one source address
     * @param stats where evictions are counted
     */
    PendingHandshakes(int maxTotal, int maxPerAddress, FalcoServerStats stats) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.stats = stats;
    }

    /**
     * Admits a new connection, evicting the oldest pending ones that stand in the way of the budgets.
     * @param channel the accepted connection
     * @return its entry, to report its authentication or its closing
     */
    Entry admit(Channel channel) {
        Entry entry = new Entry(channel, sourceOf(channel.remoteAddress()));
        Entry evictedForAddress;
        Entry evictedForTotal;
        synchronized (this) {
            LinkedHashSet<Entry> sameAddress = this.byAddress.computeIfAbsent(entry.source,
                    (source) -> new LinkedHashSet<>());
            evictedForAddress = (sameAddress.size() >= this.maxPerAddress) ? removeLocked(first(sameAddress)) : null;
            evictedForTotal = (this.all.size() >= this.maxTotal) ? removeLocked(first(this.all)) : null;
            sameAddress.add(entry);
            this.all.add(entry);
            this.stats.handshakeStarted();
        }
        evict(evictedForAddress);
        evict(evictedForTotal);
        return entry;
    }

    /**
     * Closes the oldest pending connection, to make room at the connection limit.
     * @return {@code true} when there was one
     */
    boolean evictOldest() {
        Entry oldest;
        synchronized (this) {
            oldest = this.all.isEmpty() ? null : removeLocked(first(this.all));
        }
        evict(oldest);
        return oldest != null;
    }

    /**
     * How many connections are pending now.
     * @return the count
     */
    synchronized int size() {
        return this.all.size();
    }

    /**
     * Takes a connection out of the budget: it authenticated, or it closed.
     * @param entry the connection's entry; a second call is a no-op
     */
    void done(Entry entry) {
        synchronized (this) {
            removeLocked(entry);
        }
    }

    private @Nullable Entry removeLocked(@Nullable Entry entry) {
        if (entry == null || !this.all.remove(entry)) {
            return null;
        }
        this.stats.handshakeEnded();
        LinkedHashSet<Entry> sameAddress = this.byAddress.get(entry.source);
        if (sameAddress != null) {
            sameAddress.remove(entry);
            if (sameAddress.isEmpty()) {
                this.byAddress.remove(entry.source);
            }
        }
        return entry;
    }

    private void evict(@Nullable Entry entry) {
        if (entry != null) {
            this.stats.handshakeEvicted();
            entry.channel.close();
        }
    }

    private static @Nullable Entry first(LinkedHashSet<Entry> entries) {
        return entries.isEmpty() ? null : entries.iterator().next();
    }

    private static Object sourceOf(@Nullable SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            InetAddress host = inet.getAddress();
            return (host != null) ? host : inet.getHostString();
        }
        if (address instanceof LocalAddress) {
            return IN_PROCESS;
        }
        return String.valueOf(address);
    }

    /**
     * One pending connection.
     */
    static final class Entry {

        private final Channel channel;

        private final Object source;

        private Entry(Channel channel, Object source) {
            this.channel = channel;
            this.source = source;
        }

    }

}
