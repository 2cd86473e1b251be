package io.falcotcp.server;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import org.jspecify.annotations.Nullable;

/**
 * What a server does for each new connection on any of its ports before the connection gets its stages. It takes a
 * connection slot; when none is free, it evicts the oldest connection that has not proven the key. It enters the
 * connection in the pre-authentication budget and in the server's set of open connections, and gives it an id, a read
 * gate and a request budget. All of it is given back when the connection closes, by one listener per connection
 * that, once the connection has proven the key, no longer holds its pre-authentication entry.
 */
final class ConnectionAdmission {

    private final int maxConnections;

    private final RequestMemory requestMemory;

    private final PendingHandshakes pending;

    private final Set<Channel> connections;

    private final FalcoServerStats stats;

    private final AtomicLong connectionIds = new AtomicLong();

    ConnectionAdmission(FalcoServer.Settings settings, Set<Channel> connections, FalcoServerStats stats) {
        this.maxConnections = settings.maxConnections();
        this.requestMemory = new RequestMemory(settings.maxRequestBytes(), settings.maxRequestBytesPerConnection());
        this.pending = new PendingHandshakes(settings.maxPendingHandshakes(),
                settings.maxPendingHandshakesPerAddress(), stats);
        this.connections = connections;
        this.stats = stats;
    }

    /**
     * Admits a new connection, or closes it when no slot is free and no unproven connection can make room.
     * @param channel the connection
     * @return what the connection was given, or {@code null} when it was refused
     */
    @Nullable Admitted admit(Channel channel) {
        if (!this.stats.tryOpenConnection(this.maxConnections)
                && !(this.pending.evictOldest() && this.stats.openConnection())) {
            this.stats.connectionRejected();
            channel.close();
            return null;
        }
        PendingHandshakes.Entry entry = this.pending.admit(channel);
        ConnectionContext context = new ConnectionContext(this.connectionIds.incrementAndGet(),
                channel.remoteAddress());
        ReadGate gate = new ReadGate();
        RequestBudget budget = new RequestBudget(this.requestMemory, channel);
        Release release = new Release(entry, budget);
        // entered before the listener, which removes it at once when the connection is closed already
        this.connections.add(channel);
        channel.closeFuture().addListener(release);
        return new Admitted(context, gate, budget, release);
    }

    /**
     * Gives back what a connection was given, when it closes.
     */
    private final class Release implements ChannelFutureListener {

        private final RequestBudget budget;

        private PendingHandshakes.@Nullable Entry entry;

        Release(PendingHandshakes.Entry entry, RequestBudget budget) {
            this.entry = entry;
            this.budget = budget;
        }

        void proven() {
            PendingHandshakes.Entry proven = this.entry;
            if (proven != null) {
                this.entry = null;
                ConnectionAdmission.this.pending.done(proven);
            }
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            proven();
            ConnectionAdmission.this.stats.connectionClosed();
            this.budget.close();
            ConnectionAdmission.this.connections.remove(future.channel());
        }

    }

    /**
     * What an admitted connection was given.
     */
    static final class Admitted {

        private final ConnectionContext context;

        private final ReadGate gate;

        private final RequestBudget budget;

        private final Release release;

        private Admitted(ConnectionContext context, ReadGate gate, RequestBudget budget, Release release) {
            this.context = context;
            this.gate = gate;
            this.budget = budget;
            this.release = release;
        }

        ConnectionContext context() {
            return this.context;
        }

        ReadGate gate() {
            return this.gate;
        }

        RequestBudget budget() {
            return this.budget;
        }

        /**
         * Takes the connection out of the pre-authentication budget: it proved the key.
         */
        void proven() {
            this.release.proven();
        }

    }

}
