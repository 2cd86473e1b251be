package io.falcotcp.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.transport.TransportKind;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the FalcoTCP server.
 */
@ConfigurationProperties("falco.server")
public class FalcoServerProperties implements InitializingBean {

    /**
     * Whether to start the FalcoTCP server when the application has a request handler.
     */
    private boolean enabled = true;

    /**
     * Pre-shared key, 32 bytes in base64 or hex. Generate one with 'openssl rand -base64 32'.
     */
    private @Nullable String key;

    /**
     * File holding the pre-shared key: 32 raw bytes, or the key in base64 or hex; during a rotation, several keys as
     * text, one per line, current first. Used when 'key' is not set.
     */
    private @Nullable Resource keyFile;

    /**
     * Whether to read the key file again when its content changes, applying its keys to connections accepted from
     * then on (a key rotation without a restart; see docs/security.md). Needs 'key-file'.
     */
    private boolean reloadKeyFile;

    /**
     * Network address to bind to.
     */
    private String host = "0.0.0.0";

    /**
     * Port to listen on; 0 picks a free port.
     */
    private int port = 7878;

    /**
     * Lifetime of an established connection: closed when no message or ping arrives for this long.
     */
    private Duration timeout = Duration.ofSeconds(60);

    /**
     * Time a new connection has to complete its handshake: a valid authentication frame and, in session mode, the
     * client's first frame (its proof that it derived the session keys).
     */
    private Duration handshakeTimeout = Duration.ofSeconds(3);

    /**
     * Connections that may be in their handshake at once; a new connection beyond it closes the oldest pending one.
     */
    private int maxPendingHandshakes = 4096;

    /**
     * Connections from one source address that may be in their handshake at once; a new connection beyond it closes
     * the oldest pending one of that address.
     */
    private int maxPendingHandshakesPerAddress = 1024;

    /**
     * How far the clock in a session hello may be from the server's; hellos outside it, and authentication frames
     * seen before, are refused as replays.
     */
    private Duration replayWindow = Duration.ofSeconds(60);

    /**
     * Recent authentication frames remembered to refuse replays; when full, handshakes are refused until the oldest
     * expire.
     */
    private int replayCacheCapacity = 200_000;

    /**
     * Whether session hellos of the first session version (no clock, a reply without associated data) get the
     * session mode instead of plain v1; only for peers that cannot be upgraded, such as the peer benchmark client.
     */
    private boolean acceptSessionVersion1;

    /**
     * How long the keys of a session-mode connection may be used; clients replace their connections before.
     */
    private Duration sessionKeyLifetime = Duration.ofHours(1);

    /**
     * Largest request body decompressed in session mode; clients send longer bodies uncompressed.
     */
    private DataSize maxDecompressedBody = DataSize.ofMegabytes(1);

    /**
     * Request bytes one connection may hold at once (frames being read, requests being handled); beyond it the
     * server stops reading that connection. By default twice max-frame-size; at least max-frame-size.
     */
    private @Nullable DataSize maxRequestBytesPerConnection;

    /**
     * Request bytes all connections together may hold at once; beyond it connections stop reading. By default a
     * quarter of the maximum heap.
     */
    private @Nullable DataSize maxRequestBytes;

    /**
     * How long a connection may stay unwritable (its client does not read the responses) before it is closed; the
     * server reads nothing from it meanwhile.
     */
    private Duration writeStallTimeout = Duration.ofSeconds(30);

    /**
     * Network transport; 'auto' takes io_uring where available, else epoll, else NIO.
     */
    private TransportKind transport = TransportKind.AUTO;

    /**
     * Largest encrypted message frame accepted; a connection announcing a larger one is closed.
     */
    private DataSize maxFrameSize = DataSize.ofMegabytes(16);

    /**
     * Largest number of open connections; further connections are closed when accepted.
     */
    private int maxConnections = 10_000;

    /**
     * Number of event-loop threads; 0 uses one per available processor.
     */
    private int eventLoopThreads;

    /**
     * Number of threads that run blocking request handlers; by default twice the number of cores, at least 4.
     */
    private @Nullable Integer handlerThreads;

    /**
     * Blocking requests that may wait for a handler thread, across all connections; beyond it a request is answered
     * as overloaded (the empty response in plain v1).
     */
    private int handlerQueueCapacity = 10_000;

    /**
     * Blocking requests of one connection that may wait for a handler thread; at the limit the server stops reading
     * that connection until one of them starts.
     */
    private int maxQueuedPerConnection = 16;

    /**
     * Time in-flight requests have to finish when the server stops.
     */
    private Duration shutdownGracePeriod = Duration.ofSeconds(30);

    /**
     * AES-GCM implementation: 'jdk' or 'bouncy-castle'.
     */
    private AeadEngine cryptoEngine = AeadEngine.JDK;

    /**
     * Whether to run the AES-GCM engine on a fixed number of payloads of 64 B to 1 MiB before the port is
     * bound, once per JVM, so that the first large messages after small ones are not many times slower.
     */
    private boolean cryptoWarmUp = true;

    /**
     * Keys still accepted after 'key' during a key rotation, each 32 bytes in base64 or hex; see the rollout
     * procedure in docs/security.md.
     */
    private List<String> previousKeys = new ArrayList<>();

    /**
     * Whether to close connections that do not negotiate the session mode, for fleets where every client is this
     * implementation.
     */
    private boolean refusePlainV1;

    /**
     * Requests of one session-mode connection handled at once, announced to the client; beyond it the server stops
     * reading that connection.
     */
    private int maxInFlightPerSession = 256;

    /**
     * Whether to offer LZ4 compression of bodies to session-mode clients that ask for it. Read the compression
     * side-channel caveat in docs/security.md first.
     */
    private boolean compression;

    /**
     * Smallest response body that is compressed when compression was negotiated.
     */
    private DataSize compressionThreshold = DataSize.ofKilobytes(1);

    /**
     * The FalcoTCP 0.2 framing of the Rust io_uring crate, on a port of its own.
     */
    private final V02 v02 = new V02();

    /**
     * Observation of the requests the server answers.
     */
    private final Observation observation = new Observation();

    public boolean isEnabled() {
        return this.enabled;
    }

    public V02 getV02() {
        return this.v02;
    }

    public Observation getObservation() {
        return this.observation;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
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

    public String getHost() {
        return this.host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return this.port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public Duration getTimeout() {
        return this.timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getHandshakeTimeout() {
        return this.handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public int getMaxPendingHandshakes() {
        return this.maxPendingHandshakes;
    }

    public void setMaxPendingHandshakes(int maxPendingHandshakes) {
        this.maxPendingHandshakes = maxPendingHandshakes;
    }

    public int getMaxPendingHandshakesPerAddress() {
        return this.maxPendingHandshakesPerAddress;
    }

    public void setMaxPendingHandshakesPerAddress(int maxPendingHandshakesPerAddress) {
        this.maxPendingHandshakesPerAddress = maxPendingHandshakesPerAddress;
    }

    public Duration getReplayWindow() {
        return this.replayWindow;
    }

    public void setReplayWindow(Duration replayWindow) {
        this.replayWindow = replayWindow;
    }

    public int getReplayCacheCapacity() {
        return this.replayCacheCapacity;
    }

    public void setReplayCacheCapacity(int replayCacheCapacity) {
        this.replayCacheCapacity = replayCacheCapacity;
    }

    public boolean isAcceptSessionVersion1() {
        return this.acceptSessionVersion1;
    }

    public void setAcceptSessionVersion1(boolean acceptSessionVersion1) {
        this.acceptSessionVersion1 = acceptSessionVersion1;
    }

    public Duration getSessionKeyLifetime() {
        return this.sessionKeyLifetime;
    }

    public void setSessionKeyLifetime(Duration sessionKeyLifetime) {
        this.sessionKeyLifetime = sessionKeyLifetime;
    }

    public @Nullable DataSize getMaxRequestBytesPerConnection() {
        return this.maxRequestBytesPerConnection;
    }

    public void setMaxRequestBytesPerConnection(@Nullable DataSize maxRequestBytesPerConnection) {
        this.maxRequestBytesPerConnection = maxRequestBytesPerConnection;
    }

    public @Nullable DataSize getMaxRequestBytes() {
        return this.maxRequestBytes;
    }

    public void setMaxRequestBytes(@Nullable DataSize maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    public Duration getWriteStallTimeout() {
        return this.writeStallTimeout;
    }

    public void setWriteStallTimeout(Duration writeStallTimeout) {
        this.writeStallTimeout = writeStallTimeout;
    }

    public DataSize getMaxDecompressedBody() {
        return this.maxDecompressedBody;
    }

    public void setMaxDecompressedBody(DataSize maxDecompressedBody) {
        this.maxDecompressedBody = maxDecompressedBody;
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

    public int getMaxConnections() {
        return this.maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getEventLoopThreads() {
        return this.eventLoopThreads;
    }

    public void setEventLoopThreads(int eventLoopThreads) {
        this.eventLoopThreads = eventLoopThreads;
    }

    public @Nullable Integer getHandlerThreads() {
        return this.handlerThreads;
    }

    public void setHandlerThreads(@Nullable Integer handlerThreads) {
        this.handlerThreads = handlerThreads;
    }

    public int getHandlerQueueCapacity() {
        return this.handlerQueueCapacity;
    }

    public void setHandlerQueueCapacity(int handlerQueueCapacity) {
        this.handlerQueueCapacity = handlerQueueCapacity;
    }

    public int getMaxQueuedPerConnection() {
        return this.maxQueuedPerConnection;
    }

    public void setMaxQueuedPerConnection(int maxQueuedPerConnection) {
        this.maxQueuedPerConnection = maxQueuedPerConnection;
    }

    public Duration getShutdownGracePeriod() {
        return this.shutdownGracePeriod;
    }

    public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
        this.shutdownGracePeriod = shutdownGracePeriod;
    }

    public AeadEngine getCryptoEngine() {
        return this.cryptoEngine;
    }

    public void setCryptoEngine(AeadEngine cryptoEngine) {
        this.cryptoEngine = cryptoEngine;
    }

    public boolean isCryptoWarmUp() {
        return this.cryptoWarmUp;
    }

    public void setCryptoWarmUp(boolean cryptoWarmUp) {
        this.cryptoWarmUp = cryptoWarmUp;
    }

    public List<String> getPreviousKeys() {
        return this.previousKeys;
    }

    public void setPreviousKeys(List<String> previousKeys) {
        this.previousKeys = previousKeys;
    }

    public boolean isRefusePlainV1() {
        return this.refusePlainV1;
    }

    public void setRefusePlainV1(boolean refusePlainV1) {
        this.refusePlainV1 = refusePlainV1;
    }

    public int getMaxInFlightPerSession() {
        return this.maxInFlightPerSession;
    }

    public void setMaxInFlightPerSession(int maxInFlightPerSession) {
        this.maxInFlightPerSession = maxInFlightPerSession;
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

    /**
     * Checks the properties that go together, so that a bad combination fails start-up naming a property; each value
     * on its own is checked where it is used, by the server's builder ({@link ServerPropertiesMapper}).
     */
    @Override
    public void afterPropertiesSet() {
        check("reload-key-file", this.reloadKeyFile, !this.reloadKeyFile || (this.keyFile != null && this.key == null),
                "needs falco.server.key-file, and falco.server.key unset (a key given as text cannot change)");
        // the builder refuses it too, but tells to call inProcess(name), which properties cannot
        check("transport", this.transport, this.transport != TransportKind.LOCAL,
                "must be auto, io_uring, epoll or nio; the in-process local transport is for tests "
                        + "(falcotcp-spring-boot-test)");
        // the builder checks the first when it builds, but cannot tell which of the two properties to change; it
        // would raise the second to the budget of one connection
        long frameSize = this.maxFrameSize.toBytes();
        check("max-request-bytes-per-connection", this.maxRequestBytesPerConnection,
                this.maxRequestBytesPerConnection == null || this.maxRequestBytesPerConnection.toBytes() >= frameSize,
                "must be at least max-frame-size (" + this.maxFrameSize + "), or no frame of that size could be read");
        check("max-request-bytes", this.maxRequestBytes,
                this.maxRequestBytes == null || this.maxRequestBytes.toBytes() >= frameSize,
                "must be at least max-frame-size (" + this.maxFrameSize + ")");
        Integer v02Port = this.v02.getPort();
        check("v02.port", v02Port, v02Port == null || v02Port == 0 || v02Port != this.port,
                "must differ from falco.server.port (" + this.port + ")");
    }

    private static void check(String property, @Nullable Object value, boolean valid, String reason) {
        if (!valid) {
            throw new InvalidConfigurationPropertyValueException("falco.server." + property, value, reason);
        }
    }

    /**
     * Settings of the FalcoTCP 0.2 port: the same key (the first one), handler, limits and budgets as the v1 port.
     */
    public static class V02 {

        /**
         * Port of the FalcoTCP 0.2 framing (size u64 LE, compression byte, AES-256-GCM payload), 0 for any free
         * one; not set: not served. 0.2 has no handshake: read "FalcoTCP 0.2" in docs/protocol.md first.
         */
        private @Nullable Integer port;

        /**
         * How long a 0.2 connection may go without a request before it is closed (0.2 has no ping).
         */
        private Duration idleTimeout = Duration.ofSeconds(1200);

        public @Nullable Integer getPort() {
            return this.port;
        }

        public void setPort(@Nullable Integer port) {
            this.port = port;
        }

        public Duration getIdleTimeout() {
            return this.idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

    }

    /**
     * Observation of the requests the server answers.
     */
    public static class Observation {

        /**
         * Whether each request the server answers is observed (its falco.server.requests timer, and its span when
         * tracing is present); false: not at all.
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
