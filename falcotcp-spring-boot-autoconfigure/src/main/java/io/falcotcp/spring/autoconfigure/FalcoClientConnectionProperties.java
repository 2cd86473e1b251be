package io.falcotcp.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.LoadBalancing;
import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.transport.TransportKind;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.style.ToStringCreator;
import org.springframework.util.unit.DataSize;

/**
 * The settings of one FalcoTCP client, shared by the default client ({@code falco.client.*}) and each named target
 * ({@code falco.client.targets.<name>.*}). A target's instance starts as a copy of the default client's, so that
 * what a target leaves unset is the default client's value; see {@link FalcoClientProperties}. The values are
 * checked where they are used, by {@link io.falcotcp.client.FalcoTcpClient.Builder}.
 */
public class FalcoClientConnectionProperties {

    /**
     * Host of the server the client calls; the default client exists when falco.client.host is set.
     */
    private @Nullable String host;

    /**
     * Port of the server.
     */
    private int port = 7878;

    /**
     * Endpoints of the servers the client calls, each 'host:port', instead of 'host' and 'port'; requests
     * are balanced over them.
     */
    private List<String> endpoints = new ArrayList<>();

    /**
     * Service the client calls, its instances found through Spring Cloud discovery (needs
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
     * Routes whose requests may be processed twice without harm: one written to a connection that then closes
     * before its answer is sent once more, to another endpoint when one is up, instead of failing.
     */
    private Set<String> idempotentRoutes = new LinkedHashSet<>();

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


    public Set<String> getIdempotentRoutes() {
        return this.idempotentRoutes;
    }

    public void setIdempotentRoutes(Set<String> idempotentRoutes) {
        this.idempotentRoutes = idempotentRoutes;
    }

    /**
     * The settings without the key: it is shown as {@code [redacted]} when set, and a key file by its description
     * (its location), never its content.
     * @return the settings as text
     */
    @Override
    public String toString() {
        return new ToStringCreator(this).append("host", this.host)
            .append("port", this.port)
            .append("endpoints", this.endpoints)
            .append("serviceId", this.serviceId)
            .append("resolveAll", this.resolveAll)
            .append("resolveInterval", this.resolveInterval)
            .append("loadBalancing", this.loadBalancing)
            .append("key", (this.key != null) ? "[redacted]" : null)
            .append("keyFile", (this.keyFile != null) ? this.keyFile.getDescription() : null)
            .append("reloadKeyFile", this.reloadKeyFile)
            .append("poolSize", this.poolSize)
            .append("connectTimeout", this.connectTimeout)
            .append("requestTimeout", this.requestTimeout)
            .append("pingInterval", this.pingInterval)
            .append("pingTimeout", this.pingTimeout)
            .append("transport", this.transport)
            .append("maxFrameSize", this.maxFrameSize)
            .append("eventLoopThreads", this.eventLoopThreads)
            .append("maxPipelinedRequests", this.maxPipelinedRequests)
            .append("cryptoEngine", this.cryptoEngine)
            .append("mode", this.mode)
            .append("compression", this.compression)
            .append("compressionThreshold", this.compressionThreshold)
            .append("idempotentRoutes", this.idempotentRoutes)
            .toString();
    }

}
