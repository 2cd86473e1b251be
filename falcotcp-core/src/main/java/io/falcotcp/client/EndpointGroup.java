package io.falcotcp.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

import io.falcotcp.protocol.SessionFeature;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of a client, a {@link ConnectionPool} each, and the requests waiting for room on one of them.
 * <p>
 * A request goes to a pool the {@link Balancer} chooses among the endpoints in rotation (connected, not ejected);
 * when none is in rotation, among all of them, so that a client whose every endpoint is down behaves as a client of
 * one endpoint: it uses whatever connection is up. When no connection can take it, the request waits in a bounded
 * queue (the endpoints × {@code poolSize × maxPipelinedRequests}) until a connection is established or frees a slot,
 * until its timeout, or until a connection attempt fails while no connection to any endpoint is up, which fails the
 * waiting requests with that attempt's failure instead of letting them run into the timeout. A request handed to a
 * connection that closed before writing it comes back here and goes elsewhere; a request written to a connection
 * that is then lost fails, since the server may have processed it.
 * <p>
 * The endpoints are fixed, or follow an {@link EndpointSource}: a new endpoint gets a pool, a removed one's pool
 * retires (no new requests, its connections close once their requests are answered).
 */
final class EndpointGroup implements ConnectionPool.Listener {

    private static final Logger logger = LoggerFactory.getLogger(EndpointGroup.class);

    private final ClientSettings settings;

    private final Bootstrap bootstrap;

    private final EventLoopGroup group;

    private final EventLoop timerLoop;

    private final Balancer balancer;

    private final @Nullable EndpointSource source;

    private final FalcoClientStats stats = new FalcoClientStats();

    /** Replaced, never modified, under the lock of this group. */
    private volatile List<ConnectionPool> pools;

    private final AtomicBoolean started = new AtomicBoolean();

    private final ConcurrentLinkedDeque<PendingRequest> waiting = new ConcurrentLinkedDeque<>();

    private final AtomicInteger waitingCount = new AtomicInteger();

    private volatile boolean closed;

    private volatile @Nullable Throwable lastFailure;

    /**
     * Creates the group; {@link #start()} opens the connections.
     * @param settings the client configuration; each pool gets a copy with its endpoint as the server
     * @param bootstrap the client bootstrap with its channel class and options
     * @param group the client's event loops
     * @param loadBalancing how to choose an endpoint
     * @param endpoints the fixed endpoints, empty when a source gives them
     * @param source the source of the endpoints, {@code null} for fixed ones
     */
    EndpointGroup(ClientSettings settings, Bootstrap bootstrap, EventLoopGroup group, LoadBalancing loadBalancing,
            List<ServerAddress> endpoints, @Nullable EndpointSource source) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.group = group;
        this.timerLoop = group.next();
        this.balancer = loadBalancing.newBalancer();
        this.source = source;
        List<ConnectionPool> initial = new ArrayList<>();
        for (ServerAddress endpoint : endpoints) {
            initial.add(newPool(endpoint));
        }
        this.pools = List.copyOf(initial);
    }

    /**
     * Opens every connection and starts following the source, without waiting; only the first call does anything.
     */
    void start() {
        if (this.started.get() || !this.started.compareAndSet(false, true)) {
            return;
        }
        this.pools.forEach(ConnectionPool::start);
        if (this.source != null) {
            this.source.start(this::update);
        }
    }

    /**
     * Follows a new list of endpoints: opens pools for those that are new, retires those of the endpoints that
     * left. An empty list changes nothing.
     * @param endpoints the current endpoints
     */
    synchronized void update(List<Endpoint> endpoints) {
        if (this.closed) {
            return;
        }
        if (endpoints.isEmpty()) {
            logger.warn("{} lists no endpoint; keeping the current ones", this.source);
            return;
        }
        Map<String, ConnectionPool> current = new LinkedHashMap<>();
        for (ConnectionPool pool : this.pools) {
            current.put(pool.endpoint(), pool);
        }
        List<ConnectionPool> next = new ArrayList<>();
        List<ConnectionPool> added = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            ConnectionPool pool = current.remove(endpoint.toString());
            if (pool == null) {
                pool = newPool(new ServerAddress.Tcp(endpoint.host(), endpoint::port));
                logger.info("Endpoint {} added to the FalcoTCP client of {}", endpoint, this.source);
                added.add(pool);
            }
            if (!next.contains(pool)) {
                next.add(pool);
            }
        }
        this.pools = List.copyOf(next);
        // opened only once they are candidates: a connection established before would drain the waiting
        // requests past its pool, and nothing would drain them again
        if (this.started.get()) {
            added.forEach(ConnectionPool::start);
        }
        for (ConnectionPool removed : current.values()) {
            logger.info("Endpoint {} left the FalcoTCP client of {}; its connections close once idle",
                    removed.endpoint(), this.source);
            removed.retire();
        }
    }

    private ConnectionPool newPool(ServerAddress endpoint) {
        return new ConnectionPool(this.settings.withServer(endpoint), this.bootstrap, this.group, this.stats, this);
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
        place(request);
    }

    private void place(PendingRequest request) {
        if (tryPlace(request)) {
            return;
        }
        int capacity = waitingCapacity();
        if (this.waitingCount.incrementAndGet() > capacity) {
            this.waitingCount.decrementAndGet();
            request.fail(new FalcoClientException(capacity + " requests to " + describe() + " are already waiting "
                    + "for a connection: the server does not keep up or cannot be reached; slow down, or raise "
                    + "poolSize or maxPipelinedRequests"));
            return;
        }
        this.waiting.add(request);
        try {
            request.waitTimeout(this.timerLoop.schedule(() -> expireWaiting(request),
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

    private int waitingCapacity() {
        long perEndpoint = (long) this.settings.poolSize() * this.settings.maxPipelinedRequests();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, this.pools.size()) * perEndpoint);
    }

    /**
     * What the client sends to, for messages: the endpoint, the source, or the list of endpoints.
     * @return the description
     */
    String describe() {
        if (this.source != null) {
            return this.source.toString();
        }
        List<ConnectionPool> current = this.pools;
        if (current.size() == 1) {
            return current.get(0).endpoint();
        }
        List<String> endpoints = new ArrayList<>();
        current.forEach((pool) -> endpoints.add(pool.endpoint()));
        return endpoints.toString();
    }

    boolean hasFixedEndpoints() {
        return this.source == null;
    }

    int authenticatedConnections() {
        return sum(ConnectionPool::authenticatedConnections);
    }

    int sessionConnections() {
        return sum(ConnectionPool::sessionConnections);
    }

    int v1Connections() {
        return sum(ConnectionPool::v1Connections);
    }

    private int sum(ToIntFunction<ConnectionPool> count) {
        int total = 0;
        for (ConnectionPool pool : this.pools) {
            total += count.applyAsInt(pool);
        }
        return total;
    }

    Set<SessionFeature> sessionFeatures() {
        for (ConnectionPool pool : this.pools) {
            Set<SessionFeature> features = pool.sessionFeatures();
            if (!features.isEmpty()) {
                return features;
            }
        }
        return Set.of();
    }

    /**
     * The state of each endpoint, in the order of the list.
     * @return the statuses
     */
    List<EndpointStatus> endpoints() {
        List<EndpointStatus> statuses = new ArrayList<>();
        for (ConnectionPool pool : this.pools) {
            statuses.add(pool.status());
        }
        return statuses;
    }

    /**
     * The counters of each current endpoint, by {@code host:port}.
     * @return the live statistics
     */
    Map<String, FalcoClientStats> endpointStats() {
        Map<String, FalcoClientStats> stats = new LinkedHashMap<>();
        for (ConnectionPool pool : this.pools) {
            stats.put(pool.endpoint(), pool.stats());
        }
        return stats;
    }

    @Nullable Throwable lastFailure() {
        return this.lastFailure;
    }

    FalcoClientStats stats() {
        return this.stats;
    }

    /**
     * Stops following the source and closes every pool; waiting and in-flight requests fail with
     * {@link FalcoConnectionException}.
     */
    void close() {
        synchronized (this) {
            this.closed = true;
        }
        if (this.source != null) {
            this.source.close();
        }
        FalcoConnectionException reason = clientClosed();
        failWaiting(reason);
        for (ConnectionPool pool : this.pools) {
            pool.close(reason);
        }
    }

    @Override
    public void roomFreed() {
        if (this.waitingCount.get() > 0) {
            drainWaiting();
        }
    }

    @Override
    public void connectionEstablished() {
        drainWaiting();
    }

    @Override
    public void connectionFailed(Throwable cause, boolean attempt) {
        this.lastFailure = cause;
        if (attempt && authenticatedConnections() == 0) {
            failWaiting(cause);
        }
    }

    @Override
    public void unsent(PendingRequest request) {
        if (this.closed) {
            request.fail(clientClosed());
            return;
        }
        place(request);
    }

    private boolean tryPlace(PendingRequest request) {
        List<ConnectionPool> candidates = candidates();
        if (candidates.isEmpty()) {
            return false;
        }
        if (candidates.size() == 1) {
            return candidates.get(0).tryPlace(request);
        }
        return this.balancer.place(request, candidates);
    }

    private boolean anyCapacity() {
        for (ConnectionPool pool : candidates()) {
            if (pool.hasCapacity()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The endpoints in rotation, or all of them when none is.
     */
    private List<ConnectionPool> candidates() {
        List<ConnectionPool> current = this.pools;
        if (current.size() <= 1) {
            return current;
        }
        int inRotation = 0;
        for (ConnectionPool pool : current) {
            if (pool.isInRotation()) {
                inRotation++;
            }
        }
        if (inRotation == 0 || inRotation == current.size()) {
            return current;
        }
        List<ConnectionPool> candidates = new ArrayList<>(inRotation);
        for (ConnectionPool pool : current) {
            if (pool.isInRotation()) {
                candidates.add(pool);
            }
        }
        return candidates;
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
            request.fail(new FalcoTimeoutException("no connection to " + describe()
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

    private static FalcoConnectionException clientClosed() {
        return new FalcoConnectionException("the FalcoTCP client is closed");
    }

}
