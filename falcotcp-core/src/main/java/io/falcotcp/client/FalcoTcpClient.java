package io.falcotcp.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.CryptoWarmUp;
import io.falcotcp.protocol.Metadata;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.Lz4BodyCompression;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.SessionCodec;
import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.transport.Transport;
import io.falcotcp.transport.TransportKind;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.internal.ThreadExecutorMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FalcoTCP client: sends encrypted requests to one server, or to several endpoints of one service with a
 * balancer choosing among them, over pools of authenticated, pipelined connections and returns the decrypted
 * responses. By default it speaks only the session mode (per-connection keys, replay
 * protection, multiplexed requests with routes and statuses) and refuses a server that answers as plain v1;
 * {@link Builder#mode(ClientMode)} allows plain v1 as a fallback or on its own.
 * <p>
 * Connections are opened when the client is built and reopened with exponential backoff when they fail or are
 * lost. Every future this client returns completes: with the response, or with a {@link FalcoClientException}
 * subclass (remote failure, timeout, lost connection, rejected key, closed client). Futures complete on the
 * client's event loops (only failures decided at once, such as a closed client, complete on the calling thread):
 * callbacks attached to them must not block. The client owns its event-loop group and shuts it down on
 * {@link #close()}. It is thread-safe. A client built with {@link Builder#inProcess(String)} reaches a server of the
 * same JVM without a socket, through the same pipeline.
 */
public final class FalcoTcpClient implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(FalcoTcpClient.class);

    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private static final long IN_PROCESS_QUIET_MILLIS = 50;

    private final ClientSettings settings;

    private final Transport transport;

    private final EventLoopGroup group;

    private final EndpointGroup endpoints;

    private final Set<String> idempotentRoutes;

    private final AtomicBoolean closed = new AtomicBoolean();

    private FalcoTcpClient(ClientSettings settings, Targets targets, Set<String> idempotentRoutes,
            boolean connectOnBuild) {
        this.settings = settings;
        this.idempotentRoutes = idempotentRoutes;
        this.transport = Transport.select(targets.inProcess() ? TransportKind.LOCAL : settings.transport());
        this.transport.logSelection("FalcoTCP client");
        this.group = this.transport.newEventLoopGroup(settings.eventLoopThreads(), "falcotcp-client");
        Bootstrap bootstrap = new Bootstrap()
                .group(this.group)
                .channel(this.transport.clientChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        if (!this.transport.isInProcess()) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        this.endpoints = new EndpointGroup(settings, bootstrap, this.group, targets.loadBalancing(),
                targets.fixed(), targets.source());
        if (connectOnBuild) {
            this.endpoints.start();
        }
    }

    /**
     * Starts building a client.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a request and waits for its response, at most the request timeout.
     * @param payload the plaintext request
     * @return the plaintext response
     * @throws FalcoClientException (a subclass of it) when the request fails
     * @throws IllegalStateException when called on a Netty event-loop thread, which must never block
     */
    public byte[] request(byte[] payload) {
        return request(null, payload);
    }

    /**
     * Sends a request to a route and waits for its response, at most the request timeout.
     * @param route the route, {@code null} for the server's default handler; a route needs the session mode
     * @param payload the plaintext request
     * @return the plaintext response
     * @throws FalcoClientException (a subclass of it) when the request fails, {@link FalcoRemoteException} with
     *     the server's status, {@link FalcoUnsupportedFeatureException} for a route to a plain v1 server
     * @throws IllegalStateException when called on a Netty event-loop thread, which must never block
     */
    public byte[] request(@Nullable String route, byte[] payload) {
        return request(route, payload, this.settings.requestTimeout());
    }

    /**
     * Sends a request to a route and waits for its response, at most the given timeout instead of the client's
     * request timeout.
     * @param route the route, {@code null} for the server's default handler; a route needs the session mode
     * @param payload the plaintext request
     * @param timeout how long this request may take from submission, waiting for a connection included
     * @return the plaintext response
     * @throws FalcoClientException (a subclass of it) when the request fails, {@link FalcoTimeoutException} when
     *     no response came within the timeout
     * @throws IllegalArgumentException when the timeout is not positive
     * @throws IllegalStateException when called on a Netty event-loop thread, which must never block
     */
    public byte[] request(@Nullable String route, byte[] payload, Duration timeout) {
        return request(route, payload, timeout, Metadata.empty());
    }

    /**
     * Sends a request to a route with metadata and waits for its response, at most the given timeout.
     * @param route the route, {@code null} for the server's default handler; a route needs the session mode
     * @param payload the plaintext request
     * @param timeout how long this request may take from submission, waiting for a connection included
     * @param metadata the request's metadata; its required entries need the session mode with the metadata
     *     feature, its propagated entries are left out where they cannot travel
     * @return the plaintext response
     * @throws FalcoClientException (a subclass of it) when the request fails,
     *     {@link FalcoUnsupportedFeatureException} for required metadata to a server that cannot take it
     * @throws IllegalArgumentException when the timeout is not positive
     * @throws IllegalStateException when called on a Netty event-loop thread, which must never block
     */
    public byte[] request(@Nullable String route, byte[] payload, Duration timeout, Metadata metadata) {
        if (ThreadExecutorMap.currentExecutor() instanceof EventLoop) {
            throw new IllegalStateException("FalcoTcpClient.request blocks and must not be called on a Netty event "
                    + "loop thread (" + Thread.currentThread().getName() + "); use requestAsync and compose on the "
                    + "returned future instead");
        }
        CompletableFuture<byte[]> response = requestAsync(route, payload, timeout, metadata);
        try {
            try {
                // the future fails itself at the timeout; the extra second only guards against a lost wake-up
                return response.get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            }
            catch (TimeoutException ex) {
                // the event loop that fails the future at its deadline is more than a second late (a busy
                // machine): fail it here with the same message, unless it completed meanwhile
                response.completeExceptionally(new FalcoTimeoutException("no response from "
                        + this.endpoints.describe() + " within "
                        + PendingRequest.describeTimeout(timeout, this.settings.requestTimeout())));
                return response.get();
            }
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            throw new FalcoClientException("the request to " + this.endpoints.describe() + " failed", cause);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new FalcoClientException("interrupted while waiting for a response from "
                    + this.endpoints.describe(), ex);
        }
    }

    /**
     * Sends a request. The returned future completes, normally on an event loop of this client, with the response
     * or with a {@link FalcoClientException} subclass; it never stays incomplete past the request timeout. When
     * {@code poolSize × maxPipelinedRequests} requests per endpoint are already in flight and as many again wait for
     * room, it fails at once with a {@link FalcoClientException}: memory stays bounded however fast requests come.
     * @param payload the plaintext request; it must not be modified until the future completes
     * @return the future plaintext response
     * @throws IllegalArgumentException when the sealed payload would exceed {@code maxFrameSize}
     */
    public CompletableFuture<byte[]> requestAsync(byte[] payload) {
        return requestAsync(null, payload);
    }

    /**
     * Sends a request to a route; see {@link #requestAsync(byte[])}. In session mode, cancelling the returned
     * future (or its timing out) sends a cancel frame so that the server can skip the request.
     * @param route the route, {@code null} for the server's default handler; a route needs the session mode, and a
     *     route sent to a plain v1 server fails with {@link FalcoUnsupportedFeatureException}
     * @param payload the plaintext request; it must not be modified until the future completes
     * @return the future plaintext response
     * @throws IllegalArgumentException when the route is empty or longer than 255 UTF-8 bytes, or the sealed
     *     payload would exceed {@code maxFrameSize}
     */
    public CompletableFuture<byte[]> requestAsync(@Nullable String route, byte[] payload) {
        return requestAsync(route, payload, this.settings.requestTimeout());
    }

    /**
     * Sends a request to a route, failing it with {@link FalcoTimeoutException} after the given timeout instead of
     * the client's request timeout; otherwise as {@link #requestAsync(String, byte[])}. The stuck-connection rule
     * of plain v1 (see {@link Builder#requestTimeout(Duration)}) still counts the client's request timeout past
     * this request's deadline.
     * @param route the route, {@code null} for the server's default handler
     * @param payload the plaintext request; it must not be modified until the future completes
     * @param timeout how long this request may take from submission, waiting for a connection included
     * @return the future plaintext response
     * @throws IllegalArgumentException when the timeout is not positive, the route is empty or longer than 255
     *     UTF-8 bytes, or the sealed payload would exceed {@code maxFrameSize}
     */
    public CompletableFuture<byte[]> requestAsync(@Nullable String route, byte[] payload, Duration timeout) {
        return requestAsync(route, payload, timeout, Metadata.empty());
    }

    /**
     * Sends a request to a route with metadata; otherwise as {@link #requestAsync(String, byte[], Duration)}. The
     * metadata's required entries ({@link Metadata.Builder#put}) need a session-mode connection that negotiated the
     * metadata feature: elsewhere (plain v1, or a session server that did not accept it) the future fails with
     * {@link FalcoUnsupportedFeatureException}. Its propagated entries ({@link Metadata.Builder#propagate}) are
     * left out there, and the request goes ahead.
     * @param route the route, {@code null} for the server's default handler
     * @param payload the plaintext request; it must not be modified until the future completes
     * @param timeout how long this request may take from submission, waiting for a connection included
     * @param metadata the request's metadata, {@link Metadata#empty()} for none
     * @return the future plaintext response
     * @throws IllegalArgumentException as {@link #requestAsync(String, byte[], Duration)}
     */
    public CompletableFuture<byte[]> requestAsync(@Nullable String route, byte[] payload, Duration timeout,
            Metadata metadata) {
        Objects.requireNonNull(payload, "payload must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive (got " + timeout + ")");
        }
        if (route != null && (route.isEmpty()
                || route.getBytes(StandardCharsets.UTF_8).length > SessionCodec.MAX_ROUTE_LENGTH)) {
            throw new IllegalArgumentException("a route has 1 to " + SessionCodec.MAX_ROUTE_LENGTH + " bytes of "
                    + "UTF-8 (use null for the default handler); got '" + route + "'");
        }
        if (payload.length > this.settings.maxFrameSize() - ProtocolV1.SEAL_OVERHEAD) {
            throw new IllegalArgumentException("a payload of " + payload.length + " bytes seals to "
                    + PayloadCipher.sealedLength(payload.length) + " bytes, above maxFrameSize ("
                    + this.settings.maxFrameSize() + " bytes)");
        }
        PendingRequest request = new PendingRequest(route, metadata, payload, timeout,
                route != null && this.idempotentRoutes.contains(route));
        this.endpoints.submit(request);
        return request.future();
    }

    /**
     * Starts opening the pool's connections, without waiting for them; does nothing when they are already open or
     * opening. Needed only for a client built with {@code connectOnBuild(false)}: the first request connects too.
     */
    public void connect() {
        this.endpoints.start();
    }

    /**
     * Replaces the pre-shared key for the connections opened from now on (reconnections, replacements of retiring
     * session connections, a grown pool): a key rotation without a restart. Open connections keep the key they
     * authenticated with until they end, so a server must accept the new key before its clients use it (see
     * {@code docs/security.md}). Safe to call from any thread.
     * @param key the new key
     */
    public void replaceKey(FalcoKey key) {
        Objects.requireNonNull(key, "key must not be null");
        this.settings.key().replace(key);
        this.endpoints.stats().keyReplaced();
        logger.info("FalcoTCP client of {}: key replaced; connections opened from now on use it, open connections "
                + "keep theirs", this.endpoints.describe());
    }

    /**
     * The client's live counters: connections established and failed, authentication failures, bytes.
     * @return the statistics
     */
    public FalcoClientStats stats() {
        return this.endpoints.stats();
    }

    /**
     * How many of the pool's connections are authenticated and open, for health checks.
     * @return a number between 0 and {@code poolSize} × the endpoints
     */
    public int authenticatedConnections() {
        return this.endpoints.authenticatedConnections();
    }

    /**
     * How many of the authenticated, open connections negotiated the session mode, for health checks.
     * @return a number between 0 and {@code poolSize} × the endpoints
     */
    public int sessionConnections() {
        return this.endpoints.sessionConnections();
    }

    /**
     * How many of the authenticated, open connections speak plain v1, for health checks: always 0 in
     * {@link ClientMode#SESSION}.
     * @return a number between 0 and {@code poolSize} × the endpoints
     */
    public int v1Connections() {
        return this.endpoints.v1Connections();
    }

    /**
     * The optional session features (compression, segments, metadata) an open session-mode connection negotiated
     * with the server, for diagnostics such as {@code falcotcp ping}.
     * @return the features, empty when no session-mode connection is open
     */
    public Set<SessionFeature> sessionFeatures() {
        return this.endpoints.sessionFeatures();
    }

    /**
     * The state of each endpoint: in rotation, ejected (until when) or connecting, with its connections and requests
     * in flight, for health checks.
     * @return the statuses, in the order of the endpoint list
     */
    public List<EndpointStatus> endpoints() {
        return this.endpoints.endpoints();
    }

    /**
     * Whether the client's endpoints are fixed (one server, or a list given to the builder) rather than followed
     * from an {@link EndpointSource}, whose endpoints come and go.
     * @return {@code true} for fixed endpoints
     */
    public boolean hasFixedEndpoints() {
        return this.endpoints.hasFixedEndpoints();
    }

    /**
     * The live counters of each current endpoint; {@link #stats()} adds those of all endpoints, also of those that
     * left the list.
     * @return the statistics by endpoint ({@code host:port}), in the order of the endpoint list
     */
    public Map<String, FalcoClientStats> endpointStats() {
        return this.endpoints.endpointStats();
    }

    /**
     * The timeout of requests that do not name their own.
     * @return the client's request timeout
     */
    public Duration requestTimeout() {
        return this.settings.requestTimeout();
    }

    /**
     * The mode the client was built with.
     * @return the configured mode
     */
    public ClientMode mode() {
        return this.settings.mode();
    }

    /**
     * The most recent failure to connect or authenticate, or of an established connection, for health checks.
     * @return the failure, or {@code null} when there was none
     */
    public @Nullable Throwable lastFailure() {
        return this.endpoints.lastFailure();
    }

    /**
     * The transport the client runs on.
     * @return the resolved transport
     */
    public Transport transport() {
        return this.transport;
    }

    /**
     * Closes every connection and shuts the event loops down. Requests waiting or in flight fail with
     * {@link FalcoConnectionException}; later requests fail at once. Calling it again has no effect. Outside the
     * client's own event loops it waits (a few seconds at most) until every future has completed.
     */
    @Override
    public void close() {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        this.endpoints.close();
        // in-process, the server's end of a connection closes on the server's event loop and then tells this
        // client's loop: a short quiet period lets that last task in, instead of Netty warning of its rejection
        long quietMillis = this.transport.isInProcess() ? IN_PROCESS_QUIET_MILLIS : 0;
        Future<?> termination = this.group.shutdownGracefully(quietMillis,
                TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS), TimeUnit.MILLISECONDS);
        if (!inOwnEventLoop()) {
            termination.awaitUninterruptibly(CLOSE_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        }
    }

    private boolean inOwnEventLoop() {
        for (EventExecutor executor : this.group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a client sends: fixed endpoints or a source of them, how it balances, whether in-process.
     */
    private record Targets(List<ServerAddress> fixed, @Nullable EndpointSource source, LoadBalancing loadBalancing,
            boolean inProcess) {
    }

    /**
     * Builds a {@link FalcoTcpClient}; {@code key} is required, and where to send: {@code host} and {@code port}
     * (one server), {@code endpoint} or {@code endpoints} (several), {@code resolveAll} or {@code endpointSource}
     * (endpoints that change), or {@code inProcess}. Each of these four replaces what the others set, so that a
     * customizer can point a configured builder elsewhere.
     */
    public static final class Builder {

        private @Nullable String host;

        private final List<Endpoint> endpoints = new ArrayList<>();

        private @Nullable EndpointSource endpointSource;

        private LoadBalancing loadBalancing = LoadBalancing.LEAST_LOADED;

        private @Nullable IntSupplier port;

        private @Nullable String inProcessName;

        private @Nullable FalcoKey key;

        private int poolSize = 1;

        private Duration connectTimeout = Duration.ofSeconds(5);

        private Duration requestTimeout = Duration.ofSeconds(30);

        private Duration pingInterval = Duration.ofSeconds(15);

        private Duration pingTimeout = Duration.ofSeconds(10);

        private Duration reconnectInitialBackoff = Duration.ofMillis(100);

        private Duration reconnectMaxBackoff = Duration.ofSeconds(10);

        private int maxFrameSize = ProtocolV1.DEFAULT_MAX_FRAME_SIZE;

        private TransportKind transport = TransportKind.AUTO;

        private int eventLoopThreads = 1;

        private AeadEngine cryptoEngine = AeadEngine.DEFAULT;

        private int maxPipelinedRequests = 1024;

        private ClientMode mode = ClientMode.SESSION;

        private boolean connectOnBuild = true;

        private boolean compression;

        private int compressionThreshold = 1024;

        private boolean cryptoWarmUp = true;

        private Set<String> idempotentRoutes = Set.of();

        private Builder() {
        }

        /**
         * The server's host name or address.
         * @param host the host
         * @return this builder
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host must not be null");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            clearTargets();
            this.host = host;
            return this;
        }

        /**
         * The server's port.
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            checkPort(port);
            this.port = () -> port;
            return this;
        }

        /**
         * The server's port, asked at each connection attempt: for a server of the same JVM that binds port 0 and
         * does not listen yet when the client is built, as {@code port(server::port)}. An attempt whose supplier
         * throws, or gives a port outside 1 to 65535, fails and is retried with the reconnect backoff.
         * @param port the supplier of the port
         * @return this builder
         */
        public Builder port(IntSupplier port) {
            Objects.requireNonNull(port, "port must not be null");
            this.port = () -> checkPort(port.getAsInt());
            return this;
        }

        /**
         * Adds an endpoint: a client with several sends each request to one of them, as the
         * {@linkplain #loadBalancing(LoadBalancing) load balancing} chooses, with a pool of {@code poolSize}
         * connections to each. Instead of {@link #host(String)} and {@link #port(int)}.
         * @param host the endpoint's host name or address
         * @param port 1 to 65535
         * @return this builder
         * @throws IllegalArgumentException when the host is blank, the port out of range, or the endpoint was added
         *     before
         */
        public Builder endpoint(String host, int port) {
            Endpoint endpoint = new Endpoint(host, port);
            if (this.endpoints.contains(endpoint)) {
                throw new IllegalArgumentException(endpoint + " repeats an endpoint");
            }
            this.host = null;
            this.endpointSource = null;
            this.inProcessName = null;
            this.endpoints.add(endpoint);
            return this;
        }

        /**
         * The endpoints, replacing those added before; see {@link #endpoint(String, int)}.
         * @param endpoints at least one, without duplicates
         * @return this builder
         */
        public Builder endpoints(List<Endpoint> endpoints) {
            Objects.requireNonNull(endpoints, "endpoints must not be null");
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("endpoints must not be empty");
            }
            if (Set.copyOf(endpoints).size() != endpoints.size()) {
                throw new IllegalArgumentException("endpoints must not repeat an endpoint (got " + endpoints + ")");
            }
            clearTargets();
            this.endpoints.addAll(endpoints);
            return this;
        }

        /**
         * Sends to every address a DNS name resolves to, all on one port, resolving it again every
         * {@code interval}: for a Kubernetes headless service. Resolution runs on a thread of its own with
         * {@link java.net.InetAddress#getAllByName(String)}; an endpoint that leaves the answer stops taking
         * requests and its connections close once idle. Short for {@code endpointSource(new DnsEndpointSource(host,
         * port, interval))}.
         * @param host the DNS name
         * @param port the port of every address
         * @param interval how often to resolve again
         * @return this builder
         */
        public Builder resolveAll(String host, int port, Duration interval) {
            return endpointSource(new DnsEndpointSource(host, port, interval));
        }

        /**
         * Follows the endpoints a source lists while the client runs (a DNS name, a service registry); the client
         * starts it when it starts connecting and closes it with itself.
         * @param endpointSource the source
         * @return this builder
         */
        public Builder endpointSource(EndpointSource endpointSource) {
            Objects.requireNonNull(endpointSource, "endpointSource must not be null");
            clearTargets();
            this.endpointSource = endpointSource;
            return this;
        }

        /**
         * How a client with several endpoints chooses the endpoint of each request. Default
         * {@link LoadBalancing#LEAST_LOADED}.
         * @param loadBalancing the policy
         * @return this builder
         */
        public Builder loadBalancing(LoadBalancing loadBalancing) {
            this.loadBalancing = Objects.requireNonNull(loadBalancing, "loadBalancing must not be null");
            return this;
        }

        /**
         * Connects in-process to the server of the same JVM that listens under this name
         * ({@code FalcoServer.Builder.inProcess(name)}) instead of over TCP: on Netty's local transport
         * ({@link TransportKind#LOCAL}), with no socket; the connections go through the same pipeline (handshake,
         * crypto, limits). {@link #host(String)}, {@link #port(int)} and {@link #transport(TransportKind)} do not
         * apply. For tests, mostly.
         * @param name the server's in-process name
         * @return this builder
         */
        public Builder inProcess(String name) {
            Objects.requireNonNull(name, "name must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("the in-process name must not be blank");
            }
            clearTargets();
            this.inProcessName = name;
            return this;
        }

        private void clearTargets() {
            this.host = null;
            this.endpoints.clear();
            this.endpointSource = null;
            this.inProcessName = null;
        }

        /**
         * The pre-shared key, the same as the server's.
         * @param key the key
         * @return this builder
         */
        public Builder key(FalcoKey key) {
            this.key = Objects.requireNonNull(key, "key must not be null");
            return this;
        }

        /**
         * How many connections to keep open to each endpoint; an endpoint's requests are spread over its connections
         * round robin. Default 1.
         * @param poolSize at least 1
         * @return this builder
         */
        public Builder poolSize(int poolSize) {
            this.poolSize = requirePositive(poolSize, "poolSize");
            return this;
        }

        /**
         * How long connecting and authenticating one connection may take together. Default 5 s.
         * @param connectTimeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long a request may take from submission, waiting for a connection included, to its response; after
         * it the request fails with {@link FalcoTimeoutException}. Since v1 matches responses to requests by their
         * order, a request that timed out keeps its place on its connection until its late response arrives, which
         * is then dropped; the connection stays open for the requests pipelined behind it, unless that response
         * is still missing a whole request timeout later: then the connection is closed as stuck (this also
         * detects a server that vanished without closing) and reopened. Default 30 s.
         * @param requestTimeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requirePositive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * After how long without writing a connection sends a ping, {@link Duration#ZERO} for never; a session-mode
         * connection also pings after this long without receiving anything, to check that the server is still
         * there (see {@link #pingTimeout(Duration)}), and always once as its first frame, to confirm the keys. It
         * must be below the server's timeout (60 s by default), or the server closes idle connections. Default
         * 15 s.
         * @param pingInterval zero or a positive duration
         * @return this builder
         */
        public Builder pingInterval(Duration pingInterval) {
            Objects.requireNonNull(pingInterval, "pingInterval must not be null");
            if (pingInterval.isNegative()) {
                throw new IllegalArgumentException("pingInterval must not be negative (got " + pingInterval + ")");
            }
            this.pingInterval = pingInterval;
            return this;
        }

        /**
         * How long a session-mode connection waits, after a ping, for any byte from the server before it closes
         * the connection as dead (a server or network that vanished without closing it): its requests fail with
         * {@link FalcoConnectionException} and the pool reconnects. Capped at the request timeout. Plain v1 pings
         * get no answer, so v1 connections rely on the stuck-connection rule of {@link #requestTimeout(Duration)}
         * instead. Default 10 s.
         * @param pingTimeout a positive duration
         * @return this builder
         */
        public Builder pingTimeout(Duration pingTimeout) {
            this.pingTimeout = requirePositive(pingTimeout, "pingTimeout");
            return this;
        }

        /**
         * The delays between reconnection attempts: doubling from {@code initial} up to {@code max}, with jitter.
         * Default 100 ms to 10 s.
         * @param initial the first delay, positive
         * @param max the largest delay, at least {@code initial}
         * @return this builder
         */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            requirePositive(initial, "initial reconnect backoff");
            requirePositive(max, "max reconnect backoff");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("the max reconnect backoff (" + max
                        + ") must not be below the initial one (" + initial + ")");
            }
            this.reconnectInitialBackoff = initial;
            this.reconnectMaxBackoff = max;
            return this;
        }

        /**
         * The largest sealed length of a response, and of a request, in bytes. A response announcing more closes
         * its connection before anything is allocated for it. Default 16 MiB.
         * @param maxFrameSize at least 28 (nonce and tag)
         * @return this builder
         */
        public Builder maxFrameSize(int maxFrameSize) {
            if (maxFrameSize < ProtocolV1.SEAL_OVERHEAD) {
                throw new IllegalArgumentException("maxFrameSize must be at least " + ProtocolV1.SEAL_OVERHEAD
                        + " bytes (got " + maxFrameSize + ")");
            }
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /**
         * The Netty socket transport. Default {@link TransportKind#AUTO}.
         * @param transport the transport kind; {@link TransportKind#LOCAL} is taken with {@link #inProcess(String)}
         * @return this builder
         */
        public Builder transport(TransportKind transport) {
            Objects.requireNonNull(transport, "transport must not be null");
            if (transport == TransportKind.LOCAL) {
                throw new IllegalArgumentException("the local transport is not chosen with transport(...): call "
                        + "inProcess(name), which takes it");
            }
            this.transport = transport;
            return this;
        }

        /**
         * How many event-loop threads the client's own group has. Default 1.
         * @param eventLoopThreads at least 1
         * @return this builder
         */
        public Builder eventLoopThreads(int eventLoopThreads) {
            this.eventLoopThreads = requirePositive(eventLoopThreads, "eventLoopThreads");
            return this;
        }

        /**
         * The AES-GCM implementation. Default {@link AeadEngine#DEFAULT}.
         * @param cryptoEngine the engine
         * @return this builder
         */
        public Builder cryptoEngine(AeadEngine cryptoEngine) {
            this.cryptoEngine = Objects.requireNonNull(cryptoEngine, "cryptoEngine must not be null");
            return this;
        }

        /**
         * How many requests one connection carries at a time; more wait for room. Default 1024.
         * @param maxPipelinedRequests at least 1
         * @return this builder
         */
        public Builder maxPipelinedRequests(int maxPipelinedRequests) {
            this.maxPipelinedRequests = requirePositive(maxPipelinedRequests, "maxPipelinedRequests");
            return this;
        }

        /**
         * Whether {@link #build()} starts opening the pool's connections, default {@code true}. With {@code false}
         * they open on {@link FalcoTcpClient#connect()} or on the first request, whichever comes first: for a
         * client created before its server listens, as in an application that calls itself.
         * @param connectOnBuild {@code false} to defer connecting
         * @return this builder
         */
        public Builder connectOnBuild(boolean connectOnBuild) {
            this.connectOnBuild = connectOnBuild;
            return this;
        }

        /**
         * Which protocol to speak. {@link ClientMode#SESSION}, the default, asks for the session mode
         * (per-connection keys, replay protection, multiplexing, routes) and fails a connection whose server answers
         * as plain v1 with {@link FalcoDowngradeException}, since an attacker without the key can answer so too;
         * {@link ClientMode#AUTO} accepts plain v1 then, logging and counting each fallback;
         * {@link ClientMode#V1} speaks plain v1 only, for servers such as the Rust and Python references.
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(ClientMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode must not be null");
            return this;
        }

        /**
         * Whether to request LZ4 compression of bodies in session mode; it is used only if the server offers it too.
         * Read the compression side-channel caveat in {@code docs/security.md} first. Default {@code false}.
         * @param compression {@code true} to request compression
         * @return this builder
         */
        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /**
         * The body length from which requests are compressed when compression was negotiated. Default 1024 bytes.
         * @param compressionThreshold the threshold in bytes, not negative
         * @return this builder
         */
        public Builder compressionThreshold(int compressionThreshold) {
            this.compressionThreshold = Lz4BodyCompression.checkThreshold(compressionThreshold);
            return this;
        }

        /**
         * The routes whose requests may be processed twice without harm (reads, upserts keyed by the request).
         * A request to one of them that was written to a connection which then closed before its answer came
         * (a crashed server, a broken connection) is sent once more, to another endpoint when one is in rotation,
         * instead of failing with {@link FalcoConnectionException}; it fails with that exception if the second
         * attempt is lost too. Timeouts and the server's answers ({@link FalcoRemoteException}) are never retried,
         * nor are requests to other routes. Default none.
         * @param routes the idempotent routes
         * @return this builder
         */
        public Builder idempotentRoutes(Set<String> routes) {
            this.idempotentRoutes = Set.copyOf(Objects.requireNonNull(routes, "routes must not be null"));
            return this;
        }

        /**
         * Whether {@link #build()} first runs the crypto of the connections, default {@code true}: the AES-GCM
         * engine seals and opens a fixed number of payloads of 64 B to 1 MiB, once per JVM and engine (a
         * server in the same JVM shares it), so that the JIT compiles it for large messages too; without it, the
         * first large messages after small ones run many times slower (see {@code docs/benchmarks.md}). Turn it
         * off for a short-lived client of small messages.
         * @param cryptoWarmUp {@code false} to build without it
         * @return this builder
         */
        public Builder cryptoWarmUp(boolean cryptoWarmUp) {
            this.cryptoWarmUp = cryptoWarmUp;
            return this;
        }

        /**
         * Builds the client and starts opening its connections, without waiting for them; first warms the crypto
         * up unless {@link #cryptoWarmUp(boolean)} was turned off.
         * @return the client; close it when done
         * @throws IllegalStateException when a required setting is missing, or the crypto engine does not work
         */
        public FalcoTcpClient build() {
            Targets targets = targets();
            if (this.key == null) {
                throw new IllegalStateException("key is not set: call key(...) with the server's pre-shared key");
            }
            if (this.cryptoWarmUp) {
                CryptoWarmUp.ensureWarm(this.cryptoEngine);
            }
            return new FalcoTcpClient(new ClientSettings(null, new ClientKey(this.key), this.poolSize,
                    this.connectTimeout, this.requestTimeout, this.pingInterval,
                    (this.pingTimeout.compareTo(this.requestTimeout) < 0) ? this.pingTimeout : this.requestTimeout,
                    this.reconnectInitialBackoff,
                    this.reconnectMaxBackoff, this.maxFrameSize, this.transport, this.eventLoopThreads,
                    this.cryptoEngine, this.maxPipelinedRequests, this.mode,
                    this.compression, this.compressionThreshold), targets, this.idempotentRoutes,
                    this.connectOnBuild);
        }

        private Targets targets() {
            if (this.inProcessName != null) {
                return new Targets(List.of(new ServerAddress.InProcess(this.inProcessName)), null,
                        this.loadBalancing, true);
            }
            if (this.endpointSource != null) {
                return new Targets(List.of(), this.endpointSource, this.loadBalancing, false);
            }
            if (!this.endpoints.isEmpty()) {
                List<ServerAddress> fixed = new ArrayList<>();
                for (Endpoint endpoint : this.endpoints) {
                    fixed.add(new ServerAddress.Tcp(endpoint.host(), endpoint::port));
                }
                return new Targets(fixed, null, this.loadBalancing, false);
            }
            if (this.host == null) {
                throw new IllegalStateException("host is not set: call host(...) with the FalcoTCP server's host, "
                        + "or endpoint(...) with each of its endpoints");
            }
            if (this.port == null) {
                throw new IllegalStateException("port is not set: call port(...) with the FalcoTCP server's port");
            }
            return new Targets(List.of(new ServerAddress.Tcp(this.host, this.port)), null, this.loadBalancing,
                    false);
        }

        private static int checkPort(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535 (got " + port + ")");
            }
            return port;
        }

        private static int requirePositive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1 (got " + value + ")");
            }
            return value;
        }

        private static Duration requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name + " must not be null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive (got " + value + ")");
            }
            return value;
        }

    }

}
