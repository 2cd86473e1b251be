package io.falcotcp.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.Endpoint;
import io.falcotcp.client.LoadBalancing;
import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.transport.TransportKind;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of FalcoTCP clients: the default client ({@code falco.client.*}, created when
 * {@code falco.client.host}, {@code falco.client.endpoints} or {@code falco.client.service-id} is set) and named
 * targets ({@code falco.client.targets.<name>.*}), whose unset values are taken from the default client's.
 */
@ConfigurationProperties("falco.client")
public class FalcoClientProperties implements InitializingBean {

    /**
     * Host of the server the default client calls; the default client exists when this is set.
     */
    private @Nullable String host;

    /**
     * Port of the server.
     */
    private int port = 7878;

    /**
     * Endpoints of the servers the default client calls, each 'host:port', instead of 'host' and 'port'; requests
     * are balanced over them.
     */
    private List<String> endpoints = new ArrayList<>();

    /**
     * Service the default client calls, its instances found through Spring Cloud discovery (needs
     * falcotcp-spring-cloud), instead of 'host' or 'endpoints'.
     */
    private @Nullable String serviceId;

    /**
     * Whether to send to every address 'host' resolves to (a Kubernetes headless service), resolving it again every
     * 'resolve-interval', instead of to the first address only.
     */
    private boolean resolveAll;

    /**
     * How often 'host' is resolved again when 'resolve-all' is set.
     */
    private Duration resolveInterval = Duration.ofSeconds(30);

    /**
     * How requests are spread over several endpoints: 'least-loaded' (of two endpoints drawn at random, the one with
     * fewer requests in flight) or 'round-robin'.
     */
    private LoadBalancing loadBalancing = LoadBalancing.LEAST_LOADED;

    /**
     * Pre-shared key, 32 bytes in base64 or hex, the same as the server's.
     */
    private @Nullable String key;

    /**
     * File holding the pre-shared key: 32 raw bytes, or the key in base64 or hex. Used when 'key' is not set.
     */
    private @Nullable Resource keyFile;

    /**
     * Whether to read the key file again when its content changes, for connections opened from then on (a key
     * rotation without a restart; see docs/security.md). Needs 'key-file'.
     */
    private boolean reloadKeyFile;

    /**
     * Connections kept open to each endpoint; an endpoint's requests are spread over them.
     */
    private int poolSize = 1;

    /**
     * Time to connect and authenticate one connection.
     */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /**
     * Time from sending a request to its response, waiting for a connection included.
     */
    private Duration requestTimeout = Duration.ofSeconds(30);

    /**
     * Idle time after which a connection sends a ping; 0 for never. Keep it below the server's timeout.
     */
    private Duration pingInterval = Duration.ofSeconds(15);

    /**
     * How long a session-mode connection waits after a ping for any byte from the server before closing it as dead;
     * capped at the request timeout.
     */
    private Duration pingTimeout = Duration.ofSeconds(10);

    /**
     * Network transport; 'auto' takes io_uring where available, else epoll, else NIO.
     */
    private TransportKind transport = TransportKind.AUTO;

    /**
     * Largest encrypted response (and request) accepted.
     */
    private DataSize maxFrameSize = DataSize.ofMegabytes(16);

    /**
     * Number of event-loop threads of the client.
     */
    private int eventLoopThreads = 1;

    /**
     * Requests one connection carries at a time; more wait for room.
     */
    private int maxPipelinedRequests = 1024;

    /**
     * AES-GCM implementation: 'jdk' or 'bouncy-castle'.
     */
    private AeadEngine cryptoEngine = AeadEngine.JDK;

    /**
     * Protocol: 'session' (the default) speaks only the session mode (forward secrecy, replay protection, routes)
     * and refuses a server that answers as plain v1; 'auto' falls back to plain v1, logging and counting each
     * fallback; 'v1' speaks plain v1 only, for the Rust and Python reference servers.
     */
    private ClientMode mode = ClientMode.SESSION;

    /**
     * Whether to ask for LZ4 compression of bodies in session mode (used only when the server offers it too). Read
     * the compression side-channel caveat in docs/security.md first.
     */
    private boolean compression;

    /**
     * Smallest body that is compressed when compression was negotiated.
     */
    private DataSize compressionThreshold = DataSize.ofKilobytes(1);

    /**
     * Whether building the first client runs the AES-GCM engine on a fixed number of payloads of 64 B to 1 MiB, once
     * per JVM for all clients and the server, so that the first large messages after small ones are not many times
     * slower.
     */
    private boolean cryptoWarmUp = true;

    /**
     * Routes whose requests may be processed twice without harm: one written to a connection that then closes
     * before its answer is sent once more, to another endpoint when one is up, instead of failing.
     */
    private Set<String> idempotentRoutes = new LinkedHashSet<>();

    /**
     * Named targets, each a client injectable with @Qualifier("name"); unset values come from falco.client.*.
     */
    private final Map<String, Target> targets = new LinkedHashMap<>();

    /**
     * Observation of the requests of every auto-configured client (the default one, the targets and the builder's).
     */
    private final Observation observation = new Observation();

    public Observation getObservation() {
        return this.observation;
    }

    public @Nullable String getHost() {
        return this.host;
    }

    public void setHost(@Nullable String host) {
        this.host = host;
    }

    public int getPort() {
        return this.port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public List<String> getEndpoints() {
        return this.endpoints;
    }

    public void setEndpoints(List<String> endpoints) {
        this.endpoints = endpoints;
    }

    public @Nullable String getServiceId() {
        return this.serviceId;
    }

    public void setServiceId(@Nullable String serviceId) {
        this.serviceId = serviceId;
    }

    public boolean isResolveAll() {
        return this.resolveAll;
    }

    public void setResolveAll(boolean resolveAll) {
        this.resolveAll = resolveAll;
    }

    public Duration getResolveInterval() {
        return this.resolveInterval;
    }

    public void setResolveInterval(Duration resolveInterval) {
        this.resolveInterval = resolveInterval;
    }

    public LoadBalancing getLoadBalancing() {
        return this.loadBalancing;
    }

    public void setLoadBalancing(LoadBalancing loadBalancing) {
        this.loadBalancing = loadBalancing;
    }

    public @Nullable String getKey() {
        return this.key;
    }

    public void setKey(@Nullable String key) {
        this.key = key;
    }

    public @Nullable Resource getKeyFile() {
        return this.keyFile;
    }

    public void setKeyFile(@Nullable Resource keyFile) {
        this.keyFile = keyFile;
    }

    public boolean isReloadKeyFile() {
        return this.reloadKeyFile;
    }

    public void setReloadKeyFile(boolean reloadKeyFile) {
        this.reloadKeyFile = reloadKeyFile;
    }

    public int getPoolSize() {
        return this.poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return this.requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Duration getPingInterval() {
        return this.pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    public Duration getPingTimeout() {
        return this.pingTimeout;
    }

    public void setPingTimeout(Duration pingTimeout) {
        this.pingTimeout = pingTimeout;
    }

    public TransportKind getTransport() {
        return this.transport;
    }

    public void setTransport(TransportKind transport) {
        this.transport = transport;
    }

    public DataSize getMaxFrameSize() {
        return this.maxFrameSize;
    }

    public void setMaxFrameSize(DataSize maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    public int getEventLoopThreads() {
        return this.eventLoopThreads;
    }

    public void setEventLoopThreads(int eventLoopThreads) {
        this.eventLoopThreads = eventLoopThreads;
    }

    public int getMaxPipelinedRequests() {
        return this.maxPipelinedRequests;
    }

    public void setMaxPipelinedRequests(int maxPipelinedRequests) {
        this.maxPipelinedRequests = maxPipelinedRequests;
    }

    public AeadEngine getCryptoEngine() {
        return this.cryptoEngine;
    }

    public void setCryptoEngine(AeadEngine cryptoEngine) {
        this.cryptoEngine = cryptoEngine;
    }

    public ClientMode getMode() {
        return this.mode;
    }

    public void setMode(ClientMode mode) {
        this.mode = mode;
    }

    public boolean isCompression() {
        return this.compression;
    }

    public void setCompression(boolean compression) {
        this.compression = compression;
    }

    public DataSize getCompressionThreshold() {
        return this.compressionThreshold;
    }

    public void setCompressionThreshold(DataSize compressionThreshold) {
        this.compressionThreshold = compressionThreshold;
    }

    public boolean isCryptoWarmUp() {
        return this.cryptoWarmUp;
    }

    public void setCryptoWarmUp(boolean cryptoWarmUp) {
        this.cryptoWarmUp = cryptoWarmUp;
    }

    public Set<String> getIdempotentRoutes() {
        return this.idempotentRoutes;
    }

    public void setIdempotentRoutes(Set<String> idempotentRoutes) {
        this.idempotentRoutes = idempotentRoutes;
    }

    public Map<String, Target> getTargets() {
        return this.targets;
    }

    /**
     * The settings of the default client.
     * @return the settings; {@code host} and {@code serviceId} are {@code null} and {@code endpoints} empty when no
     *     default client is configured
     */
    public ClientSettings defaultClient() {
        return new ClientSettings("default", "falco.client", this.host, this.port, List.copyOf(this.endpoints),
                this.serviceId,
                this.resolveAll, this.resolveInterval, this.loadBalancing, this.key, this.keyFile,
                this.reloadKeyFile, this.poolSize, this.connectTimeout, this.requestTimeout, this.pingInterval, this.pingTimeout, this.transport,
                this.maxFrameSize, this.eventLoopThreads, this.maxPipelinedRequests, this.cryptoEngine, this.mode,
                this.compression, this.compressionThreshold, this.cryptoWarmUp, Set.copyOf(this.idempotentRoutes));
    }

    /**
     * The settings of a named target, its unset values taken from the default client's; it takes the default
     * client's {@code host}, {@code endpoints} or {@code service-id} only when it sets none of them.
     * @param name the target's name
     * @return the settings
     * @throws IllegalArgumentException when there is no such target
     */
    public ClientSettings target(String name) {
        Target target = this.targets.get(name);
        if (target == null) {
            throw new IllegalArgumentException("no FalcoTCP client target '" + name + "' under falco.client.targets");
        }
        boolean ownServers = target.host != null || target.endpoints != null || target.serviceId != null;
        String host = ownServers ? target.host : this.host;
        // an inherited resolve-all applies to a host only: a target listing endpoints ignores it
        boolean resolveAll = (target.resolveAll != null) ? target.resolveAll : (this.resolveAll && host != null);
        return new ClientSettings(name, "falco.client.targets." + name, host,
                or(target.port, this.port), List.copyOf(ownServers ? or(target.endpoints, List.of()) : this.endpoints),
                ownServers ? target.serviceId : this.serviceId,
                resolveAll, or(target.resolveInterval, this.resolveInterval),
                or(target.loadBalancing, this.loadBalancing), (target.key != null || target.keyFile != null) ? target.key : this.key,
                (target.key != null || target.keyFile != null) ? target.keyFile : this.keyFile,
                or(target.reloadKeyFile, this.reloadKeyFile),
                or(target.poolSize, this.poolSize), or(target.connectTimeout, this.connectTimeout),
                or(target.requestTimeout, this.requestTimeout), or(target.pingInterval, this.pingInterval),
                or(target.pingTimeout, this.pingTimeout),
                or(target.transport, this.transport), or(target.maxFrameSize, this.maxFrameSize),
                or(target.eventLoopThreads, this.eventLoopThreads),
                or(target.maxPipelinedRequests, this.maxPipelinedRequests), or(target.cryptoEngine, this.cryptoEngine),
                or(target.mode, this.mode), or(target.compression, this.compression),
                or(target.compressionThreshold, this.compressionThreshold), this.cryptoWarmUp,
                Set.copyOf(or(target.idempotentRoutes, this.idempotentRoutes)));
    }

    /**
     * Checks the bound values, so that a bad one fails start-up naming its property.
     */
    @Override
    public void afterPropertiesSet() {
        defaultClient().check(false);
        for (String name : this.targets.keySet()) {
            target(name).check(true);
        }
    }

    private static <T extends @Nullable Object> T or(@Nullable T value, T fallback) {
        return (value != null) ? value : fallback;
    }

    /**
     * The settings of one client, with the property prefix they were read from.
     *
     * @param name the client's name
     * @param prefix the property prefix, for messages
     * @param host the server's host, {@code null} when not set
     * @param port the server's port
     * @param endpoints the servers' endpoints ({@code host:port}), empty when not set
     * @param serviceId the service whose instances Spring Cloud discovery lists, {@code null} when not set
     * @param resolveAll whether to send to every address of {@code host}, resolved again periodically
     * @param resolveInterval how often to resolve {@code host} again with {@code resolveAll}
     * @param loadBalancing how requests are spread over several endpoints
     * @param key the key, {@code null} when not set
     * @param keyFile the key file, {@code null} when not set
     * @param reloadKeyFile whether the key file is read again when it changes
     * @param poolSize the number of connections
     * @param connectTimeout the connect timeout
     * @param requestTimeout the request timeout
     * @param pingInterval the ping interval, zero for none
     * @param pingTimeout how long to wait for a sign of life after a ping
     * @param transport the transport
     * @param maxFrameSize the largest frame
     * @param eventLoopThreads the event-loop threads
     * @param maxPipelinedRequests the requests per connection
     * @param cryptoEngine the AES-GCM implementation
     * @param mode the protocol mode
     * @param compression whether to ask for compression
     * @param compressionThreshold the smallest body compressed
     * @param cryptoWarmUp whether building the client warms the crypto up (falco.client.crypto-warm-up, for all)
     * @param idempotentRoutes the routes whose requests are sent once more when their connection is lost
     */
    public record ClientSettings(String name, String prefix, @Nullable String host, int port, List<String> endpoints,
            @Nullable String serviceId, boolean resolveAll, Duration resolveInterval, LoadBalancing loadBalancing,
            @Nullable String key, @Nullable Resource keyFile, boolean reloadKeyFile, int poolSize, Duration connectTimeout,
            Duration requestTimeout,
            Duration pingInterval, Duration pingTimeout, TransportKind transport, DataSize maxFrameSize, int eventLoopThreads,
            int maxPipelinedRequests, AeadEngine cryptoEngine, ClientMode mode, boolean compression,
            DataSize compressionThreshold, boolean cryptoWarmUp, Set<String> idempotentRoutes) {

        /**
         * The settings without the key: it is shown as {@code [redacted]} when set, and a key file by its
         * description (its location), never its content.
         * @return the settings as text
         */
        @Override
        public String toString() {
            return "ClientSettings[name=" + this.name + ", prefix=" + this.prefix + ", host=" + this.host + ", port="
                    + this.port + ", endpoints=" + this.endpoints + ", serviceId=" + this.serviceId + ", resolveAll="
                    + this.resolveAll + ", resolveInterval=" + this.resolveInterval + ", loadBalancing="
                    + this.loadBalancing + ", key=" + ((this.key != null) ? "[redacted]" : null) + ", keyFile="
                    + ((this.keyFile != null) ? this.keyFile.getDescription() : null) + ", reloadKeyFile="
                    + this.reloadKeyFile + ", poolSize="
                    + this.poolSize + ", connectTimeout=" + this.connectTimeout + ", requestTimeout="
                    + this.requestTimeout + ", pingInterval=" + this.pingInterval + ", pingTimeout=" + this.pingTimeout
                    + ", transport=" + this.transport + ", maxFrameSize=" + this.maxFrameSize + ", eventLoopThreads="
                    + this.eventLoopThreads + ", maxPipelinedRequests=" + this.maxPipelinedRequests
                    + ", cryptoEngine=" + this.cryptoEngine + ", mode=" + this.mode + ", compression="
                    + this.compression + ", compressionThreshold=" + this.compressionThreshold + ", cryptoWarmUp="
                    + this.cryptoWarmUp + ", idempotentRoutes=" + this.idempotentRoutes + "]";
        }

        /**
         * The endpoints, read from {@code host:port}; call after {@link #check(boolean)}.
         * @return the endpoints, empty when {@code endpoints} is not set
         */
        public List<Endpoint> parsedEndpoints() {
            return this.endpoints.stream().map(Endpoint::parse).toList();
        }

        void check(boolean serversRequired) {
            if (serversRequired && this.host == null && this.endpoints.isEmpty() && this.serviceId == null) {
                fail("host", null, "must be set, or endpoints or service-id (here or as falco.client.host, "
                        + "falco.client.endpoints or falco.client.service-id)");
            }
            checkServiceId();
            if (this.host != null && this.host.isBlank()) {
                fail("host", this.host, "must not be blank");
            }
            if (this.host != null && !this.endpoints.isEmpty()) {
                fail("endpoints", this.endpoints, "must not be set together with " + this.prefix + ".host: set host "
                        + "and port for one server, or endpoints for several");
            }
            checkEndpoints();
            check("resolve-all", this.resolveAll, !this.resolveAll || this.host != null,
                    "applies to " + this.prefix + ".host, which is not set; list several servers in endpoints, or "
                            + "set host to a DNS name with all their addresses");
            check("resolve-interval", this.resolveInterval, isPositive(this.resolveInterval), "must be positive");
            check("port", this.port, this.port >= 1 && this.port <= 65535, "must be between 1 and 65535");
            check("reload-key-file", this.reloadKeyFile,
                    !this.reloadKeyFile || (this.keyFile != null && this.key == null),
                    "needs a key-file and no key given as text, which cannot change");
            check("pool-size", this.poolSize, this.poolSize >= 1, "must be at least 1");
            check("transport", this.transport, this.transport != TransportKind.LOCAL,
                    "must be auto, io_uring, epoll or nio; the in-process local transport is for tests (falcotcp-spring-boot-test)");
            check("connect-timeout", this.connectTimeout, isPositive(this.connectTimeout), "must be positive");
            check("request-timeout", this.requestTimeout, isPositive(this.requestTimeout), "must be positive");
            check("ping-interval", this.pingInterval, !this.pingInterval.isNegative(),
                    "must be 0 (no pings) or positive");
            check("ping-timeout", this.pingTimeout, isPositive(this.pingTimeout), "must be positive");
            long frameSize = this.maxFrameSize.toBytes();
            check("max-frame-size", this.maxFrameSize, frameSize >= 28 && frameSize <= Integer.MAX_VALUE - 8,
                    "must be between 28B and 2047MB");
            check("event-loop-threads", this.eventLoopThreads, this.eventLoopThreads >= 1, "must be at least 1");
            check("max-pipelined-requests", this.maxPipelinedRequests, this.maxPipelinedRequests >= 1,
                    "must be at least 1");
            long threshold = this.compressionThreshold.toBytes();
            check("compression-threshold", this.compressionThreshold, threshold >= 0 && threshold <= Integer.MAX_VALUE,
                    "must be between 0B and 2047MB");
        }

        private void checkServiceId() {
            if (this.serviceId == null) {
                return;
            }
            check("service-id", this.serviceId, !this.serviceId.isBlank(), "must not be blank");
            check("service-id", this.serviceId, this.host == null && this.endpoints.isEmpty(),
                    "must not be set together with " + this.prefix + ".host or " + this.prefix + ".endpoints: "
                            + "the servers come from Spring Cloud discovery or from these, not both");
        }

        private void checkEndpoints() {
            Set<Endpoint> seen = new HashSet<>();
            for (int i = 0; i < this.endpoints.size(); i++) {
                String text = this.endpoints.get(i);
                try {
                    if (!seen.add(Endpoint.parse(text))) {
                        fail("endpoints[" + i + "]", text, "repeats an endpoint");
                    }
                }
                catch (IllegalArgumentException ex) {
                    fail("endpoints[" + i + "]", text, ex.getMessage());
                }
            }
        }

        private void check(String property, Object value, boolean valid, String reason) {
            if (!valid) {
                fail(property, value, reason);
            }
        }

        private void fail(String property, @Nullable Object value, String reason) {
            throw new InvalidConfigurationPropertyValueException(this.prefix + "." + property, value, reason);
        }

        private static boolean isPositive(Duration duration) {
            return !duration.isNegative() && !duration.isZero();
        }

    }

    /**
     * A named target; every value left unset is taken from {@code falco.client.*}.
     */
    public static class Target {

        /**
         * Host of the target's server.
         */
        private @Nullable String host;

        /**
         * Port of the target's server.
         */
        private @Nullable Integer port;

        /**
         * Endpoints of the target's servers, each 'host:port', instead of 'host' and 'port'.
         */
        private @Nullable List<String> endpoints;

        /**
         * Service of the target, its instances found through Spring Cloud discovery (needs falcotcp-spring-cloud),
         * instead of 'host' or 'endpoints'.
         */
        private @Nullable String serviceId;

        /**
         * Whether to send to every address 'host' resolves to; falco.client.resolve-all when unset.
         */
        private @Nullable Boolean resolveAll;

        /**
         * How often 'host' is resolved again with 'resolve-all'; falco.client.resolve-interval when unset.
         */
        private @Nullable Duration resolveInterval;

        /**
         * How requests are spread over several endpoints; falco.client.load-balancing when unset.
         */
        private @Nullable LoadBalancing loadBalancing;

        /**
         * Pre-shared key of the target, 32 bytes in base64 or hex.
         */
        private @Nullable String key;

        /**
         * File holding the target's pre-shared key.
         */
        private @Nullable Resource keyFile;

        /**
         * Whether to read the target's key file again when it changes; falco.client.reload-key-file when unset.
         */
        private @Nullable Boolean reloadKeyFile;

        /**
         * Connections kept open to each endpoint.
         */
        private @Nullable Integer poolSize;

        /**
         * Time to connect and authenticate one connection.
         */
        private @Nullable Duration connectTimeout;

        /**
         * Time from sending a request to its response.
         */
        private @Nullable Duration requestTimeout;

        /**
         * Idle time after which a connection sends a ping; 0 for never.
         */
        private @Nullable Duration pingInterval;

        /**
         * How long a session-mode connection waits after a ping for any byte; falco.client.ping-timeout when unset.
         */
        private @Nullable Duration pingTimeout;

        /**
         * Network transport.
         */
        private @Nullable TransportKind transport;

        /**
         * Largest encrypted response (and request) accepted.
         */
        private @Nullable DataSize maxFrameSize;

        /**
         * Number of event-loop threads.
         */
        private @Nullable Integer eventLoopThreads;

        /**
         * Requests one connection carries at a time.
         */
        private @Nullable Integer maxPipelinedRequests;

        /**
         * AES-GCM implementation.
         */
        private @Nullable AeadEngine cryptoEngine;

        /**
         * Protocol: 'session', 'auto' or 'v1'; falco.client.mode when unset.
         */
        private @Nullable ClientMode mode;

        /**
         * Whether to ask for LZ4 compression in session mode; falco.client.compression when unset.
         */
        private @Nullable Boolean compression;

        /**
         * Smallest body that is compressed; falco.client.compression-threshold when unset.
         */
        private @Nullable DataSize compressionThreshold;

        /**
         * Routes whose requests are sent once more when their connection is lost; falco.client.idempotent-routes
         * when unset.
         */
        private @Nullable Set<String> idempotentRoutes;

        public @Nullable Set<String> getIdempotentRoutes() {
            return this.idempotentRoutes;
        }

        public void setIdempotentRoutes(@Nullable Set<String> idempotentRoutes) {
            this.idempotentRoutes = idempotentRoutes;
        }

        public @Nullable String getHost() {
            return this.host;
        }

        public void setHost(@Nullable String host) {
            this.host = host;
        }

        public @Nullable Integer getPort() {
            return this.port;
        }

        public void setPort(@Nullable Integer port) {
            this.port = port;
        }

        public @Nullable List<String> getEndpoints() {
            return this.endpoints;
        }

        public void setEndpoints(@Nullable List<String> endpoints) {
            this.endpoints = endpoints;
        }

        public @Nullable String getServiceId() {
            return this.serviceId;
        }

        public void setServiceId(@Nullable String serviceId) {
            this.serviceId = serviceId;
        }

        public @Nullable Boolean getResolveAll() {
            return this.resolveAll;
        }

        public void setResolveAll(@Nullable Boolean resolveAll) {
            this.resolveAll = resolveAll;
        }

        public @Nullable Duration getResolveInterval() {
            return this.resolveInterval;
        }

        public void setResolveInterval(@Nullable Duration resolveInterval) {
            this.resolveInterval = resolveInterval;
        }

        public @Nullable LoadBalancing getLoadBalancing() {
            return this.loadBalancing;
        }

        public void setLoadBalancing(@Nullable LoadBalancing loadBalancing) {
            this.loadBalancing = loadBalancing;
        }

        public @Nullable String getKey() {
            return this.key;
        }

        public void setKey(@Nullable String key) {
            this.key = key;
        }

        public @Nullable Resource getKeyFile() {
            return this.keyFile;
        }

        public void setKeyFile(@Nullable Resource keyFile) {
            this.keyFile = keyFile;
        }

        public @Nullable Boolean getReloadKeyFile() {
            return this.reloadKeyFile;
        }

        public void setReloadKeyFile(@Nullable Boolean reloadKeyFile) {
            this.reloadKeyFile = reloadKeyFile;
        }

        public @Nullable Integer getPoolSize() {
            return this.poolSize;
        }

        public void setPoolSize(@Nullable Integer poolSize) {
            this.poolSize = poolSize;
        }

        public @Nullable Duration getConnectTimeout() {
            return this.connectTimeout;
        }

        public void setConnectTimeout(@Nullable Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public @Nullable Duration getRequestTimeout() {
            return this.requestTimeout;
        }

        public void setRequestTimeout(@Nullable Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public @Nullable Duration getPingInterval() {
            return this.pingInterval;
        }

        public void setPingInterval(@Nullable Duration pingInterval) {
            this.pingInterval = pingInterval;
        }

        public @Nullable Duration getPingTimeout() {
            return this.pingTimeout;
        }

        public void setPingTimeout(@Nullable Duration pingTimeout) {
            this.pingTimeout = pingTimeout;
        }

        public @Nullable TransportKind getTransport() {
            return this.transport;
        }

        public void setTransport(@Nullable TransportKind transport) {
            this.transport = transport;
        }

        public @Nullable DataSize getMaxFrameSize() {
            return this.maxFrameSize;
        }

        public void setMaxFrameSize(@Nullable DataSize maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        public @Nullable Integer getEventLoopThreads() {
            return this.eventLoopThreads;
        }

        public void setEventLoopThreads(@Nullable Integer eventLoopThreads) {
            this.eventLoopThreads = eventLoopThreads;
        }

        public @Nullable Integer getMaxPipelinedRequests() {
            return this.maxPipelinedRequests;
        }

        public void setMaxPipelinedRequests(@Nullable Integer maxPipelinedRequests) {
            this.maxPipelinedRequests = maxPipelinedRequests;
        }

        public @Nullable AeadEngine getCryptoEngine() {
            return this.cryptoEngine;
        }

        public void setCryptoEngine(@Nullable AeadEngine cryptoEngine) {
            this.cryptoEngine = cryptoEngine;
        }

        public @Nullable ClientMode getMode() {
            return this.mode;
        }

        public void setMode(@Nullable ClientMode mode) {
            this.mode = mode;
        }

        public @Nullable Boolean getCompression() {
            return this.compression;
        }

        public void setCompression(@Nullable Boolean compression) {
            this.compression = compression;
        }

        public @Nullable DataSize getCompressionThreshold() {
            return this.compressionThreshold;
        }

        public void setCompressionThreshold(@Nullable DataSize compressionThreshold) {
            this.compressionThreshold = compressionThreshold;
        }

    }

    /**
     * Observation of the requests of the auto-configured clients.
     */
    public static class Observation {

        /**
         * Whether each request of the auto-configured clients is observed (its falco.client.requests timer, and its
         * span and propagated trace context when tracing is present); false: not at all.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

}
