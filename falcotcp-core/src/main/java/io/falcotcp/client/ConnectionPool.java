package io.falcotcp.client;

import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The {@code poolSize} connections of a client, each kept in a slot that reconnects it with exponential backoff
 * when it fails or is lost, and the requests waiting for room on one of them.
 * <p>
 * Connections are opened eagerly when the pool starts. A request goes to the next authenticated connection, round
 * robin, that has a free pipelining slot; when none has (all connecting or all full), it waits in a bounded queue
 * ({@code poolSize × maxPipelinedRequests}) until a connection is established or frees a slot, until its request
 * timeout, or until a connection attempt fails while no connection is up, which fails the waiting requests with
 * that attempt's failure instead of letting them run into the timeout. Each slot lives on one event loop.
 */
final class ConnectionPool {

    private static final Logger logger = LoggerFactory.getLogger(ConnectionPool.class);

    private final ClientSettings settings;

    private final Bootstrap bootstrap;

    private final Slot[] slots;

    private final AtomicInteger nextSlot = new AtomicInteger();

    private final AtomicBoolean started = new AtomicBoolean();

    private final ConcurrentLinkedDeque<PendingRequest> waiting = new ConcurrentLinkedDeque<>();

    private final AtomicInteger waitingCount = new AtomicInteger();

    private final int waitingCapacity;

    private final Runnable slotFreed = this::drainWaitingIfAny;

    private volatile boolean closed;

    private volatile @Nullable Throwable lastFailure;

    private final FalcoClientStats stats = new FalcoClientStats();

    private final TrafficCounter trafficCounter = new TrafficCounter(this.stats::received, this.stats::sent);

    /**
     * Creates the pool; {@link #start()} opens its connections.
     * @param settings the client configuration
     * @param bootstrap the client bootstrap with its channel class and options
     * @param group the event loops the slots are spread over
     */
    ConnectionPool(ClientSettings settings, Bootstrap bootstrap, EventLoopGroup group) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.slots = new Slot[settings.poolSize()];
        for (int i = 0; i < this.slots.length; i++) {
            this.slots[i] = new Slot(group.next(), new ReconnectBackoff(settings.reconnectInitialBackoff(),
                    settings.reconnectMaxBackoff()));
        }
        this.waitingCapacity = (int) Math.min(Integer.MAX_VALUE,
                (long) settings.poolSize() * settings.maxPipelinedRequests());
    }

    /**
     * Opens every connection, without waiting for them; only the first call does anything.
     */
    void start() {
        if (this.started.get() || !this.started.compareAndSet(false, true)) {
            return;
        }
        for (Slot slot : this.slots) {
            slot.loop.execute(() -> connect(slot));
        }
    }

    /**
     * Sends a request on a connection, or queues it until one can take it.
     * @param request the request
     */
    void submit(PendingRequest request) {
        if (this.closed) {
            request.fail(clientClosed());
            return;
        }
        start();
        if (tryPlace(request)) {
            return;
        }
        if (this.waitingCount.incrementAndGet() > this.waitingCapacity) {
            this.waitingCount.decrementAndGet();
            request.fail(new FalcoClientException(this.waitingCapacity + " requests to " + this.settings.endpoint()
                    + " are already waiting for a connection: the server does not keep up or cannot be reached; "
                    + "slow down, or raise poolSize or maxPipelinedRequests"));
            return;
        }
        this.waiting.add(request);
        try {
            request.waitTimeout(this.slots[0].loop.schedule(() -> expireWaiting(request),
                    request.deadlineNanos() - System.nanoTime(), TimeUnit.NANOSECONDS));
        }
        catch (RejectedExecutionException ex) {
            failWaiting(clientClosed());
            return;
        }
        drainWaiting();
        if (this.closed) {
            failWaiting(clientClosed());
        }
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
     * The pool's counters.
     * @return the live statistics
     */
    FalcoClientStats stats() {
        return this.stats;
    }

    /**
     * Stops reconnecting and closes every connection; waiting and in-flight requests fail with
     * {@link FalcoConnectionException}.
     */
    void close() {
        this.closed = true;
        FalcoConnectionException reason = clientClosed();
        failWaiting(reason);
        for (Slot slot : this.slots) {
            try {
                slot.loop.execute(() -> slot.close(reason));
            }
            catch (RejectedExecutionException ex) {
                // the event loop is already shut down, which has closed the slot's channel
            }
        }
    }

    private boolean tryPlace(PendingRequest request) {
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

    private boolean anyCapacity() {
        for (Slot slot : this.slots) {
            ClientConnection connection = slot.connection;
            if (connection != null && connection.hasCapacity()) {
                return true;
            }
        }
        return false;
    }

    private void drainWaitingIfAny() {
        if (this.waitingCount.get() > 0) {
            drainWaiting();
        }
    }

    /**
     * Moves waiting requests onto connections while they have room. A request taken out but not placed goes back
     * to the head and room is checked again after that, so that a slot freed meanwhile by another thread, whose
     * drain found the queue empty, is not missed. The count drops as soon as a request is taken out, so that one
     * being placed never makes the queue look fuller than it is.
     */
    private void drainWaiting() {
        PendingRequest request;
        while ((request = this.waiting.poll()) != null) {
            this.waitingCount.decrementAndGet();
            if (request.isDone()) {
                continue;
            }
            if (tryPlace(request)) {
                request.placed();
                continue;
            }
            this.waitingCount.incrementAndGet();
            this.waiting.addFirst(request);
            if (!anyCapacity()) {
                return;
            }
        }
    }

    private void expireWaiting(PendingRequest request) {
        if (this.waiting.remove(request)) {
            this.waitingCount.decrementAndGet();
            Throwable failure = this.lastFailure;
            request.fail(new FalcoTimeoutException("no connection to " + this.settings.endpoint()
                    + " could take the request within " + request.describeTimeout(this.settings.requestTimeout())
                    + ((failure != null) ? "; last failure: " + failure.getMessage() : ""),
                    failure));
        }
    }

    private void failWaiting(Throwable failure) {
        PendingRequest request;
        while ((request = this.waiting.poll()) != null) {
            this.waitingCount.decrementAndGet();
            request.placed();
            request.fail(failure);
        }
    }

    private void connect(Slot slot) {
        slot.reconnect = null;
        if (this.closed) {
            return;
        }
        SocketAddress address;
        try {
            address = this.settings.server().resolve();
        }
        catch (RuntimeException ex) {
            // a port asked of a server of the same JVM that does not listen yet
            attemptFailed(slot, new FalcoConnectionException("cannot connect to " + this.settings.endpoint() + ": "
                    + ex.getMessage(), ex));
            return;
        }
        ClientConnection[] self = new ClientConnection[1];
        ClientConnection connection = new ClientConnection(this.bootstrap, slot.loop, this.settings, address,
                this.slotFreed, () -> replace(slot, self[0]), this.trafficCounter);
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
                    + "to v1 for a server that speaks only v1", this.settings.endpoint());
        }
        slot.backoff.reset();
        slot.connection = connection;
        connection.closeFuture().addListener(future -> lost(slot, connection));
        logger.debug("Connection to {} established", this.settings.endpoint());
        drainWaiting();
    }

    /**
     * Opens the successor of a connection that retires; it keeps serving until then, and closes once idle.
     */
    private void replace(Slot slot, ClientConnection retiring) {
        slot.retiring = retiring;
        logger.debug("Connection to {} retires (session keys near their limits); opening its replacement",
                this.settings.endpoint());
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
        if (this.closed || connection.isRetired()) {
            return;
        }
        FalcoConnectionException cause = connection.closeCause();
        this.stats.connectionFailed(cause);
        this.lastFailure = cause;
        long delay = scheduleReconnect(slot);
        logger.warn("{}; reconnecting in {} ms", cause.getMessage(), TimeUnit.NANOSECONDS.toMillis(delay));
    }

    private void attemptFailed(Slot slot, Throwable cause) {
        if (this.closed) {
            return;
        }
        this.stats.connectionFailed(cause);
        this.lastFailure = cause;
        if (authenticatedConnections() == 0) {
            failWaiting(cause);
        }
        long delay = scheduleReconnect(slot);
        logger.warn("{}; retrying in {} ms", cause.getMessage(), TimeUnit.NANOSECONDS.toMillis(delay));
    }

    private long scheduleReconnect(Slot slot) {
        long delay = slot.backoff.nextDelayNanos();
        slot.reconnect = slot.loop.schedule(() -> connect(slot), delay, TimeUnit.NANOSECONDS);
        return delay;
    }

    private static FalcoConnectionException clientClosed() {
        return new FalcoConnectionException("the FalcoTCP client is closed");
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

    }

}
