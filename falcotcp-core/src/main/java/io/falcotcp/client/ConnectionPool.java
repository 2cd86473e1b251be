package io.falcotcp.client;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.transport.TrafficCounter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code poolSize} connections of a client to one endpoint, each kept in a slot that reconnects it with
 * exponential backoff when it fails or is lost, and whether the endpoint is ejected.
 * <p>
 * Connections are opened eagerly when the pool starts. A request goes to the next authenticated connection, round
 * robin, that has a free pipelining slot; requests no connection can take wait in the client's
 * {@link EndpointGroup}. Each failure of a connection, or of an attempt to open one, ejects the endpoint for a
 * while (doubling from the initial reconnect backoff up to the maximum while the failures go on; an established
 * connection starts it over): the balancer sends it no requests until then, unless no endpoint is in rotation.
 * A server that says it goes away (it stops: feature bit 3) ejects the endpoint the same way without counting a
 * failure; the retiring connection finishes its requests while its replacement is opened (and, while the server
 * is down, fails and is retried as any connection attempt). Each slot lives on one event loop.
 */
final class ConnectionPool {

    private static final Logger logger = LoggerFactory.getLogger(ConnectionPool.class);

    private final ClientSettings settings;

    private final Bootstrap bootstrap;

    private final Listener listener;

    private final Slot[] slots;

    private final AtomicInteger nextSlot = new AtomicInteger();

    private final AtomicBoolean started = new AtomicBoolean();

    private final Runnable slotFreed;

    private final Consumer<PendingRequest> unsent;

    private final FalcoClientStats stats;

    private final TrafficCounter trafficCounter;

    /** Guarded by this: the delays of consecutive ejections. */
    private final ReconnectBackoff ejectionBackoff;

    private volatile @Nullable Ejection ejection;

    private volatile boolean closed;

    private volatile boolean retired;

    private volatile @Nullable Throwable lastFailure;

    /**
     * Creates the pool; {@link #start()} opens its connections.
     * @param settings the client configuration, with this pool's endpoint as its server
     * @param bootstrap the client bootstrap with its channel class and options
     * @param group the event loops the slots are spread over
     * @param clientStats the client's counters, which this pool's own counters add to
     * @param listener told of room, connections and unsent requests
     */
    ConnectionPool(ClientSettings settings, Bootstrap bootstrap, EventLoopGroup group, FalcoClientStats clientStats,
            Listener listener) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.listener = listener;
        this.slotFreed = listener::roomFreed;
        this.unsent = listener::unsent;
        this.stats = new FalcoClientStats(clientStats);
        this.trafficCounter = new TrafficCounter(this.stats::received, this.stats::sent);
        this.ejectionBackoff = new ReconnectBackoff(settings.reconnectInitialBackoff(),
                settings.reconnectMaxBackoff());
        this.slots = new Slot[settings.poolSize()];
        for (int i = 0; i < this.slots.length; i++) {
            this.slots[i] = new Slot(group.next(), new ReconnectBackoff(settings.reconnectInitialBackoff(),
                    settings.reconnectMaxBackoff()));
        }
    }

    /**
     * Opens every connection, without waiting for them; only the first call does anything.
     */
    void start() {
        if (this.started.get() || !this.started.compareAndSet(false, true)) {
            return;
        }
        for (Slot slot : this.slots) {
            try {
                slot.loop.execute(() -> connect(slot));
            }
            catch (RejectedExecutionException ex) {
                // the client is closing
            }
        }
    }

    /**
     * The endpoint, for messages and health.
     * @return {@code host:port}, or {@code local:name}
     */
    String endpoint() {
        return this.settings.endpoint();
    }

    /**
     * Sends a request on the next connection with room, if any.
     * @param request the request
     * @return {@code true} when a connection took it
     */
    boolean tryPlace(PendingRequest request) {
        int count = this.slots.length;
        int start = (count == 1) ? 0 : Math.floorMod(this.nextSlot.getAndIncrement(), count);
        for (int i = 0; i < count; i++) {
            ClientConnection connection = this.slots[(start + i) % count].connection;
            if (connection != null && connection.tryReserve()) {
                connection.send(request);
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a connection could take a request now.
     * @return {@code true} when one is usable and not full
     */
    boolean hasCapacity() {
        for (Slot slot : this.slots) {
            ClientConnection connection = slot.connection;
            if (connection != null && connection.hasCapacity()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the balancer should send requests here: a connection is up and the endpoint is not ejected.
     * @return {@code true} when in rotation
     */
    boolean isInRotation() {
        return !isEjected() && authenticatedConnections() > 0;
    }

    /**
     * The requests on this endpoint's connections, sent or about to be, and not yet answered.
     * @return the count
     */
    int inFlight() {
        int count = 0;
        for (Slot slot : this.slots) {
            ClientConnection connection = slot.connection;
            if (connection != null) {
                count += connection.inFlight();
            }
        }
        return count;
    }

    /**
     * The endpoint's state, for health checks.
     * @return its status now
     */
    EndpointStatus status() {
        int connections = authenticatedConnections();
        Ejection current = this.ejection;
        if (current != null && current.untilNanos() - System.nanoTime() > 0) {
            return new EndpointStatus(endpoint(), EndpointStatus.State.EJECTED, current.until(), connections,
                    inFlight());
        }
        return new EndpointStatus(endpoint(), (connections > 0) ? EndpointStatus.State.UP
                : EndpointStatus.State.CONNECTING, null, connections, inFlight());
    }

    /**
     * How many connections are authenticated and open.
     * @return the count, at most {@code poolSize}
     */
    int authenticatedConnections() {
        return countUsable((connection) -> true);
    }

    /**
     * How many authenticated, open connections negotiated the session mode.
     * @return the count, at most {@code poolSize}
     */
    int sessionConnections() {
        return countUsable(ClientConnection::isSessionMode);
    }

    /**
     * How many authenticated, open connections speak plain v1.
     * @return the count, at most {@code poolSize}
     */
    int v1Connections() {
        return countUsable((connection) -> !connection.isSessionMode());
    }

    /**
     * The session features of an authenticated, open session-mode connection; all of a pool's connections
     * negotiate with the same server and settings.
     * @return the features, empty when no session-mode connection is open
     */
    Set<SessionFeature> sessionFeatures() {
        for (Slot slot : this.slots) {
            ClientConnection connection = slot.connection;
            if (connection != null && connection.isUsable() && connection.isSessionMode()) {
                return connection.features();
            }
        }
        return Set.of();
    }

    private int countUsable(Predicate<ClientConnection> filter) {
        int count = 0;
        for (Slot slot : this.slots) {
            ClientConnection connection = slot.connection;
            if (connection != null && connection.isUsable() && filter.test(connection)) {
                count++;
            }
        }
        return count;
    }

    /**
     * The most recent failure of a connection attempt or of an established connection.
     * @return the failure, or {@code null} when there was none
     */
    @Nullable Throwable lastFailure() {
        return this.lastFailure;
    }

    /**
     * The pool's counters; the client's add those of all its pools.
     * @return the live statistics
     */
    FalcoClientStats stats() {
        return this.stats;
    }

    /**
     * Stops reconnecting and closes every connection; their requests in flight fail with {@code reason}.
     * @param reason why
     */
    void close(FalcoConnectionException reason) {
        this.closed = true;
        for (Slot slot : this.slots) {
            try {
                slot.loop.execute(() -> slot.close(reason));
            }
            catch (RejectedExecutionException ex) {
                // the event loop is already shut down, which has closed the slot's channel
            }
        }
    }

    /**
     * Stops reconnecting and taking requests, for an endpoint that left the client's list: each connection closes
     * once the requests it carries are answered.
     */
    void retire() {
        this.retired = true;
        for (Slot slot : this.slots) {
            try {
                slot.loop.execute(() -> slot.retire(this.settings));
            }
            catch (RejectedExecutionException ex) {
                // the event loop is already shut down, which has closed the slot's channel
            }
        }
    }

    private boolean isEjected() {
        Ejection current = this.ejection;
        return current != null && current.untilNanos() - System.nanoTime() > 0;
    }

    private void eject() {
        long delayNanos;
        synchronized (this) {
            if (isEjected()) {
                return;
            }
            delayNanos = this.ejectionBackoff.nextDelayNanos();
            this.ejection = new Ejection(System.nanoTime() + delayNanos,
                    Instant.now().plusNanos(delayNanos));
        }
        logger.debug("Endpoint {} ejected for {} ms", endpoint(), TimeUnit.NANOSECONDS.toMillis(delayNanos));
    }

    private void connect(Slot slot) {
        slot.reconnect = null;
        if (this.closed || this.retired) {
            return;
        }
        SocketAddress address;
        try {
            address = this.settings.server().resolve();
        }
        catch (RuntimeException ex) {
            // a port asked of a server of the same JVM that does not listen yet
            attemptFailed(slot, new FalcoConnectionException("cannot connect to " + endpoint() + ": "
                    + ex.getMessage(), ex));
            return;
        }
        ClientConnection[] self = new ClientConnection[1];
        ClientConnection connection = new ClientConnection(this.bootstrap, slot.loop, this.settings, address,
                this.slotFreed, () -> replace(slot, self[0]), this.unsent, this.trafficCounter);
        self[0] = connection;
        slot.current = connection;
        connection.established().addListener(result -> {
            if (result.isSuccess()) {
                established(slot, connection);
            }
            else {
                attemptFailed(slot, result.cause());
            }
        });
    }

    private void established(Slot slot, ClientConnection connection) {
        this.stats.connectionEstablished();
        if (this.settings.mode() == ClientMode.AUTO && !connection.isSessionMode()) {
            // in AUTO a plain v1 connection is always a session hello answered as v1
            this.stats.downgraded();
            logger.warn("The server at {} answered the session hello as plain FalcoTCP v1, and mode auto accepts "
                    + "it: this connection has no forward secrecy and no replay protection. A plain v1 server "
                    + "answers so, and so can an attacker without the key; set the mode to session to refuse it, or "
                    + "to v1 for a server that speaks only v1", endpoint());
        }
        slot.backoff.reset();
        synchronized (this) {
            this.ejectionBackoff.reset();
        }
        slot.connection = connection;
        connection.closeFuture().addListener(future -> lost(slot, connection));
        logger.debug("Connection to {} established", endpoint());
        if (this.retired) {
            slot.retire(this.settings);
            return;
        }
        this.listener.connectionEstablished();
    }

    /**
     * Opens the successor of a connection that retires; it keeps serving until then, and closes once idle.
     */
    private void replace(Slot slot, ClientConnection retiring) {
        slot.retiring = retiring;
        if (this.retired) {
            return;
        }
        if (retiring.isServerGoingAway()) {
            // the server stops: new requests go to the other endpoints at once, not only once it refuses to connect
            eject();
        }
        logger.debug("Connection to {} retires ({}); opening its replacement", endpoint(),
                retiring.isServerGoingAway() ? "the server goes away" : "session keys near their limits");
        if (slot.reconnect == null && slot.current == retiring) {
            connect(slot);
        }
    }

    private void lost(Slot slot, ClientConnection connection) {
        if (slot.connection == connection) {
            slot.connection = null;
        }
        if (slot.retiring == connection) {
            slot.retiring = null;
        }
        if (this.closed || this.retired || connection.isRetired()) {
            return;
        }
        FalcoConnectionException cause = connection.closeCause();
        this.stats.connectionFailed(cause);
        this.lastFailure = cause;
        eject();
        this.listener.connectionFailed(cause, false);
        long delay = scheduleReconnect(slot);
        logger.warn("{}; reconnecting in {} ms", cause.getMessage(), TimeUnit.NANOSECONDS.toMillis(delay));
    }

    private void attemptFailed(Slot slot, Throwable cause) {
        if (this.closed || this.retired) {
            return;
        }
        this.stats.connectionFailed(cause);
        this.lastFailure = cause;
        eject();
        this.listener.connectionFailed(cause, true);
        long delay = scheduleReconnect(slot);
        logger.warn("{}; retrying in {} ms", cause.getMessage(), TimeUnit.NANOSECONDS.toMillis(delay));
    }

    private long scheduleReconnect(Slot slot) {
        long delay = slot.backoff.nextDelayNanos();
        slot.reconnect = slot.loop.schedule(() -> connect(slot), delay, TimeUnit.NANOSECONDS);
        return delay;
    }

    /**
     * What the pool tells the client's {@link EndpointGroup}; called on the slots' event loops.
     */
    interface Listener {

        /**
         * A request left a connection, whose slot can take another.
         */
        void roomFreed();

        /**
         * A connection was established.
         */
        void connectionEstablished();

        /**
         * A connection, or an attempt to open one, failed.
         * @param cause why
         * @param attempt {@code true} for an attempt, {@code false} for an established connection that was lost
         */
        void connectionFailed(Throwable cause, boolean attempt);

        /**
         * A request handed to a connection that closed before writing it: it can go elsewhere.
         * @param request the request, not done
         */
        void unsent(PendingRequest request);

    }

    /**
     * An ejection of the endpoint, until a {@link System#nanoTime()} deadline and the same instant on the clock.
     */
    private record Ejection(long untilNanos, Instant until) {
    }

    /**
     * One place in the pool: the connection it holds and how it reconnects. Its fields other than
     * {@code connection} are used only on its event loop.
     */
    private static final class Slot {

        private final EventLoop loop;

        private final ReconnectBackoff backoff;

        /** The authenticated connection, read by callers on any thread to place requests. */
        private volatile @Nullable ClientConnection connection;

        private @Nullable ClientConnection current;

        /** A connection that stopped taking requests and closes once those in flight are answered. */
        private @Nullable ClientConnection retiring;

        private @Nullable ScheduledFuture<?> reconnect;

        Slot(EventLoop loop, ReconnectBackoff backoff) {
            this.loop = loop;
            this.backoff = backoff;
        }

        void close(Throwable reason) {
            ScheduledFuture<?> pending = this.reconnect;
            if (pending != null) {
                pending.cancel(false);
            }
            ClientConnection open = this.current;
            if (open != null) {
                open.close(reason);
            }
            ClientConnection old = this.retiring;
            if (old != null) {
                old.close(reason);
            }
        }

        void retire(ClientSettings settings) {
            ScheduledFuture<?> pending = this.reconnect;
            if (pending != null) {
                pending.cancel(false);
            }
            ClientConnection open = this.current;
            if (open == null) {
                return;
            }
            if (open.isUsable()) {
                open.retire();
            }
            else {
                // still connecting, or already closed: nothing was sent on it
                open.close(new FalcoConnectionException(settings.endpoint() + " left the client's endpoints"));
            }
        }

    }

}
