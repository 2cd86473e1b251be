package io.falcotcp.server;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.CryptoWarmUp;
import io.falcotcp.protocol.Lz4BodyCompression;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.transport.Transport;
import io.falcotcp.transport.TransportKind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FalcoTCP server: accepts connections, authenticates them with the pre-shared key (or one of several, during a
 * rotation) and answers their encrypted requests with the application's handler. Clients that offer the session
 * mode get it (per-connection keys, replay protection, multiplexed requests with routes and statuses); plain v1
 * clients are served as plain v1 unless {@link Builder#refusePlainV1(boolean)} is set.
 * <p>
 * Build one with {@link #builder()}, then {@link #start()} binds the port and {@link #stop()} shuts down
 * gracefully: it stops accepting, lets requests in flight finish within the grace period, then closes every
 * connection. A server built with {@link Builder#inProcess(String)} listens in-process under a name instead of on a
 * port, for clients of the same JVM, through the same pipeline.
 */
public final class FalcoServer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(FalcoServer.class);

    private static final long STOP_POLL_MILLIS = 10;

    private static final long EVENT_LOOP_SHUTDOWN_SECONDS = 5;

    private final Settings settings;

    private final ServerKeys keys;

    private final FalcoServerStats stats = new FalcoServerStats();

    private final Object lifecycleMonitor = new Object();

    private @Nullable Running running;

    private FalcoServer(Settings settings) {
        this.settings = settings;
        this.keys = new ServerKeys(settings.keys(), settings.aeadEngine());
    }

    /**
     * Starts building a server.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Warms its crypto up (see {@link Builder#cryptoWarmUp(boolean)}), binds the port and starts accepting
     * connections; does nothing when the server is running.
     * @throws FalcoServerStartException when the port cannot be bound, or the crypto engine does not work
     */
    public void start() {
        synchronized (this.lifecycleMonitor) {
            if (this.running != null) {
                return;
            }
            this.running = Running.start(this.settings, this.keys, this.stats);
        }
    }

    /**
     * Stops gracefully: stops accepting; every connection answers the requests it read (requests read from then on
     * are discarded unprocessed), half-closes and drains until its client closes, so that no client gets a reset or
     * loses a response; after the shutdown grace period the connections left are closed. Then it releases threads.
     * A session-mode connection that negotiated the going-away feature is told first, and processes what it reads
     * until its client closes, for up to 5 s (see "Going away" in {@code docs/protocol.md}).
     * Does nothing when the server is not running.
     */
    public void stop() {
        Running running;
        synchronized (this.lifecycleMonitor) {
            running = this.running;
            this.running = null;
        }
        if (running != null) {
            running.stop(this.settings.shutdownGracePeriod());
        }
    }

    /**
     * Same as {@link #stop()}.
     */
    @Override
    public void close() {
        stop();
    }

    /**
     * Whether the server is started and not stopped.
     * @return {@code true} while running
     */
    public boolean isRunning() {
        synchronized (this.lifecycleMonitor) {
            return this.running != null;
        }
    }

    /**
     * The address the server is bound to: an {@link InetSocketAddress}, which with port 0 configured carries the
     * port actually bound, or for an in-process server the {@link LocalAddress} of its name.
     * @return the local address
     * @throws IllegalStateException when the server is not running
     */
    public SocketAddress localAddress() {
        return requireRunning().localAddress;
    }

    /**
     * The port the server is bound to.
     * @return the bound port
     * @throws IllegalStateException when the server is not running, or listens in-process (on no port)
     */
    public int port() {
        SocketAddress address = localAddress();
        if (address instanceof InetSocketAddress inet) {
            return inet.getPort();
        }
        throw new IllegalStateException("the FalcoTCP server listens in-process on " + address + " and has no port");
    }

    /**
     * The port the server serves the FalcoTCP 0.2 framing on.
     * @return the bound port
     * @throws IllegalStateException when the server is not running or does not serve 0.2
     *     ({@link Builder#v02Port(int)})
     */
    public int v02Port() {
        Channel channel = requireRunning().v02Channel;
        if (channel == null) {
            throw new IllegalStateException("the FalcoTCP server does not serve the 0.2 framing; set "
                    + "FalcoServer.Builder.v02Port");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * The transport the running server uses.
     * @return the resolved transport
     * @throws IllegalStateException when the server is not running
     */
    public Transport transport() {
        return requireRunning().transport;
    }

    /**
     * The server's live counters.
     * @return the statistics
     */
    public FalcoServerStats stats() {
        return this.stats;
    }

    /**
     * Replaces the pre-shared keys, current first, for the connections accepted from now on, as
     * {@link Builder#keys(List)} set them at build time: a key rotation without a restart. Connections already
     * established keep the key they authenticated with until they end; the FalcoTCP 0.2 port, which has no
     * handshake, takes the new first key for its new connections. Safe to call from any thread, running or not.
     * @param keys one or more keys, current first
     */
    public void replaceKeys(List<FalcoKey> keys) {
        Objects.requireNonNull(keys, "keys must not be null");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys must contain at least one key");
        }
        this.keys.replace(List.copyOf(keys));
        this.stats.keysReplaced();
        logger.info("FalcoTCP server keys replaced: {} key(s); connections accepted from now on use them, "
                + "established connections keep theirs", keys.size());
    }

    /**
     * The open connections, for tests that inspect their channels.
     * @return the accepted connections that are still open
     */
    Set<Channel> connections() {
        return requireRunning().connections;
    }

    private Running requireRunning() {
        synchronized (this.lifecycleMonitor) {
            if (this.running == null) {
                throw new IllegalStateException("the FalcoTCP server is not running; call start() first");
            }
            return this.running;
        }
    }

    /**
     * The resources of a started server.
     */
    private static final class Running {

        private final Transport transport;

        private final EventLoopGroup acceptGroup;

        private final EventLoopGroup ioGroup;

        private final @Nullable FairHandlerExecutor ownExecutor;

        private final Set<Channel> connections;

        private final Channel serverChannel;

        private final SocketAddress localAddress;

        private final @Nullable Channel v02Channel;

        private Running(Transport transport, EventLoopGroup acceptGroup, EventLoopGroup ioGroup,
                @Nullable FairHandlerExecutor ownExecutor, Set<Channel> connections, Channel serverChannel,
                @Nullable Channel v02Channel) {
            this.transport = transport;
            this.acceptGroup = acceptGroup;
            this.ioGroup = ioGroup;
            this.ownExecutor = ownExecutor;
            this.connections = connections;
            this.serverChannel = serverChannel;
            this.localAddress = serverChannel.localAddress();
            this.v02Channel = v02Channel;
        }

        static Running start(Settings settings, ServerKeys keys, FalcoServerStats stats) {
            if (settings.cryptoWarmUp()) {
                try {
                    CryptoWarmUp.ensureWarm(settings.aeadEngine());
                }
                catch (IllegalStateException ex) {
                    throw new FalcoServerStartException("cannot start the FalcoTCP server: " + ex.getMessage(), ex);
                }
            }
            Transport transport;
            try {
                transport = Transport.select((settings.inProcessName() != null) ? TransportKind.LOCAL
                        : settings.transport());
            }
            catch (IllegalStateException ex) {
                throw new FalcoServerStartException("cannot start the FalcoTCP server: " + ex.getMessage(), ex);
            }
            transport.logSelection("FalcoTCP server");
            if (!transport.pausesAccepting()) {
                logger.warn("FalcoTCP server uses io_uring's multishot accept, which does not pause after a failed "
                        + "accept: out of file descriptors, it would retry in a busy loop. Start the JVM with "
                        + "-Dio.netty.iouring.acceptMultiShotEnabled=false");
            }
            // a non-daemon accept thread keeps the JVM alive while the server runs, as a web server's does
            EventLoopGroup acceptGroup = newEventLoopGroup(transport, 1, "falcotcp-server-accept", false);
            EventLoopGroup ioGroup;
            try {
                // one loop per core: the work of a connection is crypto, and more loops than cores only add switches
                int loops = (settings.eventLoopThreads() > 0) ? settings.eventLoopThreads()
                        : Runtime.getRuntime().availableProcessors();
                ioGroup = newEventLoopGroup(transport, loops, "falcotcp-server-io", true);
            }
            catch (FalcoServerStartException ex) {
                acceptGroup.shutdownGracefully(0, EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
                throw ex;
            }
            // its threads start with the first blocking request, so a server whose handler never blocks has none
            FairHandlerExecutor ownExecutor = (settings.handlerExecutor() == null)
                    ? new FairHandlerExecutor(settings.handlerThreads(), settings.handlerQueueCapacity(),
                            new DefaultThreadFactory("falcotcp-handler", true))
                    : null;
            Set<Channel> connections = ConcurrentHashMap.newKeySet();
            RequestInvoker.Factory invokers = newInvokers(settings, ownExecutor);
            // one admission for both ports: they share the connection limit and the budgets
            ConnectionAdmission admission = new ConnectionAdmission(settings, connections, stats);
            ServerBootstrap bootstrap = new ServerBootstrap().group(acceptGroup, ioGroup)
                .channel(transport.serverChannelClass())
                .handler(new AcceptFailureHandler(stats, settings.maxConnections()))
                .childHandler(new ConnectionInitializer(settings, keys, invokers, admission, stats))
                // one allocator for all connections (only its per-connection handle has state), where each connection
                // would otherwise get one of its own
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator());
            if (!transport.isInProcess()) {
                bootstrap.option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // a client's end of stream is not the end of the connection: its answers still go out
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            }
            String inProcessName = settings.inProcessName();
            SocketAddress address = (inProcessName != null) ? new LocalAddress(inProcessName)
                    : new InetSocketAddress(settings.host(), settings.port());
            Channel serverChannel = null;
            try {
                serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
                // the 0.2 port shares the loops, the handler, the connection limit and the request budgets
                Channel v02Channel = (settings.v02Port() < 0) ? null : bootstrap.clone()
                        .handler(new AcceptFailureHandler(stats, settings.maxConnections()))
                        .childHandler(new V02ConnectionInitializer(settings, keys, invokers, admission, stats))
                        .bind(new InetSocketAddress(settings.host(), settings.v02Port())).syncUninterruptibly()
                        .channel();
                Running running = new Running(transport, acceptGroup, ioGroup, ownExecutor, connections,
                        serverChannel, v02Channel);
                logger.info("FalcoTCP server listening on {}", running.localAddress);
                if (v02Channel != null) {
                    logger.info("FalcoTCP server listening on {} for FalcoTCP 0.2 framing", v02Channel.localAddress());
                }
                if (settings.acceptSessionVersion1()) {
                    logger.warn("FalcoTCP server on {} accepts session hellos of the first session version "
                            + "(acceptSessionVersion1): their replays are caught only while remembered, and their "
                            + "replies can be replayed as v1 messages; counted as sessionVersion1Handshakes",
                            running.localAddress);
                }
                if (!transport.isInProcess()) {
                    FileDescriptorLimit.warnIfExceeded(settings.maxConnections());
                }
                return running;
            }
            catch (Exception ex) {
                if (serverChannel != null) {
                    serverChannel.close().syncUninterruptibly();
                }
                shutDown(acceptGroup, ioGroup, ownExecutor);
                int port = (serverChannel == null) ? settings.port() : settings.v02Port();
                throw new FalcoServerStartException(describeBindFailure(settings, port, ex), ex);
            }
        }

        private static EventLoopGroup newEventLoopGroup(Transport transport, int threads, String threadNamePrefix,
                boolean daemon) {
            try {
                return transport.newEventLoopGroup(threads, threadNamePrefix, daemon);
            }
            catch (RuntimeException ex) {
                throw new FalcoServerStartException("cannot create the " + transport.name() + " event loops of the "
                        + "FalcoTCP server: " + ex.getMessage(), ex);
            }
        }

        private static RequestInvoker.Factory newInvokers(Settings settings,
                @Nullable FairHandlerExecutor ownExecutor) {
            RequestHandler handler = settings.handler();
            AsyncRequestHandler asyncHandler = settings.asyncHandler();
            ApplicationHandler application = (handler != null) ? ApplicationHandler.of(handler)
                    : ApplicationHandler.of(Objects.requireNonNull(asyncHandler));
            int maxQueued = settings.maxQueuedPerConnection();
            if (ownExecutor != null) {
                return (roomFreed) -> new RequestInvoker(application, ownExecutor.newConnectionQueue(), maxQueued,
                        roomFreed);
            }
            Executor executor = Objects.requireNonNull(settings.handlerExecutor());
            return (roomFreed) -> new RequestInvoker(application, executor, maxQueued, roomFreed);
        }

        private static String describeBindFailure(Settings settings, int port, Exception ex) {
            String message = String.valueOf(ex.getMessage());
            if (settings.inProcessName() != null) {
                return "cannot listen in-process as '" + settings.inProcessName() + "': " + message
                        + "; each in-process server of a JVM needs a name of its own";
            }
            String where = "port " + port + " on " + settings.host();
            if (ex instanceof BindException || message.contains("Address already in use")) {
                return where + " is already in use; stop the other process or configure another port";
            }
            return "cannot bind " + where + ": " + message;
        }

        void stop(Duration gracePeriod) {
            long deadline = System.nanoTime() + gracePeriod.toNanos();
            this.serverChannel.close().syncUninterruptibly();
            if (this.v02Channel != null) {
                this.v02Channel.close().syncUninterruptibly();
            }
            awaitHandovers(this.ioGroup);
            // each connection answers what it read, half-closes and drains until its client closes
            for (Channel connection : this.connections) {
                connection.pipeline().fireUserEventTriggered(ServerStopping.INSTANCE);
            }
            try {
                while (!this.connections.isEmpty() && System.nanoTime() - deadline < 0) {
                    Thread.sleep(STOP_POLL_MILLIS);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            if (!this.connections.isEmpty()) {
                logger.warn("FalcoTCP server on {}: {} connections still open after the shutdown grace period of {} "
                        + "ms; closing them", this.localAddress, this.connections.size(), gracePeriod.toMillis());
                List<ChannelFuture> closed = new ArrayList<>();
                for (Channel connection : this.connections) {
                    closed.add(connection.close());
                }
                long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_LOOP_SHUTDOWN_SECONDS);
                for (ChannelFuture future : closed) {
                    future.awaitUninterruptibly(Math.max(0, closeDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            }
            shutDown(this.acceptGroup, this.ioGroup, this.ownExecutor);
            logger.info("FalcoTCP server on {} stopped", this.localAddress);
        }

        /**
         * Lets every I/O loop run the tasks it was handed before now. A connection accepted just before the listening
         * channels closed reaches its loop as such a task, which registers it and enters it in the connections: one
         * left out would not be told that the server stops, and would still be open when its loop shuts down (where
         * io_uring drops the buffers it has in flight without releasing them).
         */
        private static void awaitHandovers(EventLoopGroup ioGroup) {
            List<Future<?>> handovers = new ArrayList<>();
            for (EventExecutor loop : ioGroup) {
                handovers.add(loop.submit(() -> {
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_LOOP_SHUTDOWN_SECONDS);
            for (Future<?> handover : handovers) {
                handover.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }

        private static void shutDown(EventLoopGroup acceptGroup, EventLoopGroup ioGroup,
                @Nullable FairHandlerExecutor ownExecutor) {
            acceptGroup.shutdownGracefully(0, EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            ioGroup.shutdownGracefully(0, EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            if (ownExecutor != null) {
                ownExecutor.shutdownNow();
            }
            acceptGroup.terminationFuture().awaitUninterruptibly(EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            ioGroup.terminationFuture().awaitUninterruptibly(EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        }

    }

    /**
     * The validated configuration of a server.
     */
    record Settings(List<FalcoKey> keys, String host, int port, @Nullable String inProcessName,
            @Nullable RequestHandler handler,
            @Nullable AsyncRequestHandler asyncHandler, Duration lifetime, Duration handshakeTimeout, int maxFrameSize,
            int maxConnections, TransportKind transport, int eventLoopThreads, int handlerThreads,
            int handlerQueueCapacity, @Nullable Executor handlerExecutor, Duration shutdownGracePeriod,
            AeadEngine aeadEngine, int maxPipelinedRequests, int maxInFlightPerSession, boolean refusePlainV1,
            boolean compression, int compressionThreshold, int maxPendingHandshakes,
            int maxPendingHandshakesPerAddress, Duration replayWindow, int replayCacheCapacity,
            boolean acceptSessionVersion1, Duration sessionKeyLifetime, int maxDecompressedBody,
            long maxRequestBytesPerConnection, long maxRequestBytes, Duration writeStallTimeout,
            int maxQueuedPerConnection, boolean cryptoWarmUp, int v02Port, Duration v02IdleTimeout) {
    }

    /**
     * Builds a {@link FalcoServer}; {@link #key(FalcoKey)} (or {@link #keys(List)}) and exactly one of {@link #handler(RequestHandler)} and
     * {@link #asyncHandler(AsyncRequestHandler)} are required.
     */
    public static final class Builder {

        private List<FalcoKey> keys = List.of();

        private String host = "0.0.0.0";

        private int port = 7878;

        private @Nullable String inProcessName;

        private @Nullable RequestHandler handler;

        private @Nullable AsyncRequestHandler asyncHandler;

        private Duration timeout = Duration.ofSeconds(60);

        private Duration handshakeTimeout = Duration.ofSeconds(3);

        private int maxFrameSize = ProtocolV1.DEFAULT_MAX_FRAME_SIZE;

        private int maxConnections = 10_000;

        private TransportKind transport = TransportKind.AUTO;

        private int eventLoopThreads;

        private int handlerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

        private int handlerQueueCapacity = 10_000;

        private int maxQueuedPerConnection = 16;

        private @Nullable Executor handlerExecutor;

        private Duration shutdownGracePeriod = Duration.ofSeconds(30);

        private AeadEngine cryptoEngine = AeadEngine.DEFAULT;

        private int maxPipelinedRequests = 1024;

        private int maxInFlightPerSession = 256;

        private boolean refusePlainV1;

        private boolean compression;

        private int compressionThreshold = 1024;

        private int maxPendingHandshakes = 4096;

        private int maxPendingHandshakesPerAddress = 1024;

        private Duration replayWindow = Duration.ofSeconds(60);

        private int replayCacheCapacity = 200_000;

        private boolean acceptSessionVersion1;

        private Duration sessionKeyLifetime = Duration.ofHours(1);

        private int maxDecompressedBody = Lz4BodyCompression.DEFAULT_MAX_DECOMPRESSED_LENGTH;

        private long maxRequestBytesPerConnection;

        private long maxRequestBytes;

        private Duration writeStallTimeout = Duration.ofSeconds(30);

        private boolean cryptoWarmUp = true;

        private int v02Port = -1;

        private Duration v02IdleTimeout = Duration.ofSeconds(1200);

        private Builder() {
        }

        /**
         * Sets the pre-shared key (required, or {@link #keys(List)}); same as {@code keys(List.of(key))}.
         * @param key the key
         * @return this builder
         */
        public Builder key(FalcoKey key) {
            Objects.requireNonNull(key, "key must not be null");
            return keys(List.of(key));
        }

        /**
         * Sets the pre-shared keys, current first: each auth frame is tried with each key in order, so that clients
         * of the old and the new key both connect while a key is rotated (see {@code docs/security.md}).
         * @param keys one or more keys
         * @return this builder
         */
        public Builder keys(List<FalcoKey> keys) {
            Objects.requireNonNull(keys, "keys must not be null");
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("keys must contain at least one key");
            }
            this.keys = List.copyOf(keys);
            return this;
        }

        /**
         * Sets whether connections that do not negotiate the session mode are closed at the handshake, default
         * {@code false}; for fleets where every client is this implementation.
         * @param refusePlainV1 {@code true} to accept session-mode clients only
         * @return this builder
         */
        public Builder refusePlainV1(boolean refusePlainV1) {
            this.refusePlainV1 = refusePlainV1;
            return this;
        }

        /**
         * Sets whether the server offers LZ4 compression of bodies to session-mode clients that request it, default
         * {@code false}. Read the compression side-channel caveat in {@code docs/security.md} first: do not enable
         * it when a body mixes secrets with data an attacker can choose.
         * @param compression {@code true} to offer compression
         * @return this builder
         */
        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /**
         * Sets the body length from which responses are compressed when compression was negotiated, default 1024
         * bytes; a body that does not shrink is sent as it is.
         * @param compressionThreshold the threshold in bytes
         * @return this builder
         */
        public Builder compressionThreshold(int compressionThreshold) {
            this.compressionThreshold = Lz4BodyCompression.checkThreshold(compressionThreshold);
            return this;
        }

        /**
         * Sets how many requests of one session-mode connection may be handled at once, default 256; announced to
         * the client at the handshake. Beyond it the server stops reading from that connection until one finishes.
         * @param maxInFlightPerSession the limit per connection
         * @return this builder
         */
        public Builder maxInFlightPerSession(int maxInFlightPerSession) {
            this.maxInFlightPerSession = requirePositive(maxInFlightPerSession, "maxInFlightPerSession");
            return this;
        }

        /**
         * Sets the address to bind, default {@code 0.0.0.0}.
         * @param host a host name or IP address
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host must not be null");
            return this;
        }

        /**
         * Sets the port to bind, default 7878; 0 binds a free port, see {@link FalcoServer#port()}.
         * @param port the port
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535 (got " + port + ")");
            }
            this.port = port;
            return this;
        }

        /**
         * Makes the server listen in-process under a name instead of on a TCP port: on Netty's local transport
         * ({@link TransportKind#LOCAL}), for clients of the same JVM built with
         * {@code FalcoTcpClient.Builder.inProcess(name)}, with no socket at all. Connections go through the same
         * pipeline as over TCP (handshake, crypto, limits and budgets), but without socket buffers: a peer that does
         * not read does not slow its writer. {@link #host(String)}, {@link #port(int)} and
         * {@link #transport(TransportKind)} do not apply. For tests, mostly.
         * @param name the name, unique among the in-process servers of the JVM
         * @return this builder
         */
        public Builder inProcess(String name) {
            Objects.requireNonNull(name, "name must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("the in-process name must not be blank");
            }
            this.inProcessName = name;
            return this;
        }

        /**
         * Sets the handler that answers with the response bytes; it runs on the handler executor, except for
         * requests it says do not block ({@link RequestHandler#blocks(byte[], RequestContext)}), which run on the
         * event loops.
         * @param handler the handler
         * @return this builder
         */
        public Builder handler(RequestHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler must not be null");
            return this;
        }

        /**
         * Sets the handler that answers with a stage of the response bytes; it is invoked on the event loops, except
         * for requests it says block ({@link AsyncRequestHandler#blocks(byte[], RequestContext)}), which are
         * invoked on the handler executor.
         * @param asyncHandler the handler
         * @return this builder
         */
        public Builder asyncHandler(AsyncRequestHandler asyncHandler) {
            this.asyncHandler = Objects.requireNonNull(asyncHandler, "asyncHandler must not be null");
            return this;
        }

        /**
         * Sets how long an established connection stays open without a message or ping, default 60 seconds.
         * @param timeout the timeout, positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = requirePositive(timeout, "timeout");
            return this;
        }

        /**
         * Sets how long a connection may stay in its handshake, default 3 seconds: a plain v1 client must send a
         * valid auth frame within it, a session-mode client also its first session frame (the proof that it
         * derived the keys). Clients of this project and the references send the auth frame at once.
         * @param handshakeTimeout the timeout
         * @return this builder
         */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = requirePositive(handshakeTimeout, "handshakeTimeout");
            return this;
        }

        /**
         * Sets how many connections may be in their handshake at once, default 4096; a new connection beyond it
         * closes the oldest pending one (see {@code docs/security.md}).
         * @param maxPendingHandshakes the limit
         * @return this builder
         */
        public Builder maxPendingHandshakes(int maxPendingHandshakes) {
            this.maxPendingHandshakes = requirePositive(maxPendingHandshakes, "maxPendingHandshakes");
            return this;
        }

        /**
         * Sets how many connections from one source address may be in their handshake at once, default 1024; a new
         * connection beyond it closes the oldest pending one of that address.
         * @param maxPendingHandshakesPerAddress the limit
         * @return this builder
         */
        public Builder maxPendingHandshakesPerAddress(int maxPendingHandshakesPerAddress) {
            this.maxPendingHandshakesPerAddress = requirePositive(maxPendingHandshakesPerAddress,
                    "maxPendingHandshakesPerAddress");
            return this;
        }

        /**
         * Sets how far the clock in a session hello may be from the server's, default 60 seconds. Hellos outside it
         * are refused as replays; auth frames inside it are remembered (for two to three windows) so that a replay
         * is refused too.
         * @param replayWindow the window
         * @return this builder
         */
        public Builder replayWindow(Duration replayWindow) {
            this.replayWindow = requirePositive(replayWindow, "replayWindow");
            return this;
        }

        /**
         * Sets how many recent auth frames the server remembers to refuse replays, default 200,000 (at most 16 bytes
         * each); when it is full, handshakes are refused until the oldest expire.
         * @param replayCacheCapacity the capacity
         * @return this builder
         */
        public Builder replayCacheCapacity(int replayCacheCapacity) {
            this.replayCacheCapacity = requirePositive(replayCacheCapacity, "replayCacheCapacity");
            return this;
        }

        /**
         * Sets whether session hellos of the first session version (no clock in the hello, a reply without
         * associated data) get the session mode, default {@code false}: they are then treated as plain v1 auth
         * frames. Only for peers that cannot be upgraded (such as a benchmark client); each such handshake is counted
         * and the setting is logged at start-up.
         * @param acceptSessionVersion1 {@code true} to accept version-1 session hellos
         * @return this builder
         */
        public Builder acceptSessionVersion1(boolean acceptSessionVersion1) {
            this.acceptSessionVersion1 = acceptSessionVersion1;
            return this;
        }

        /**
         * Sets how long the keys of a session-mode connection may be used, default 1 hour; announced to the client,
         * which replaces the connection ahead of time. The server closes a session-mode connection gracefully when
         * its keys reach this age.
         * @param sessionKeyLifetime the lifetime
         * @return this builder
         */
        public Builder sessionKeyLifetime(Duration sessionKeyLifetime) {
            this.sessionKeyLifetime = requirePositive(sessionKeyLifetime, "sessionKeyLifetime");
            return this;
        }

        /**
         * Sets the largest request body the server decompresses, default 1 MiB; announced to the client, which
         * sends longer bodies uncompressed. A compressed body declaring more closes the connection before anything
         * is decompressed.
         * @param maxDecompressedBody the limit in bytes
         * @return this builder
         */
        public Builder maxDecompressedBody(int maxDecompressedBody) {
            this.maxDecompressedBody = requirePositive(maxDecompressedBody, "maxDecompressedBody");
            return this;
        }

        /**
         * Sets how many request bytes one connection may hold at once (frames being read and requests being handled),
         * default twice the maximum frame size; beyond it the server stops reading the connection until requests are
         * answered. At least the maximum frame size.
         * @param maxRequestBytesPerConnection the limit in bytes
         * @return this builder
         */
        public Builder maxRequestBytesPerConnection(long maxRequestBytesPerConnection) {
            this.maxRequestBytesPerConnection = requirePositive(maxRequestBytesPerConnection,
                    "maxRequestBytesPerConnection");
            return this;
        }

        /**
         * Sets how many request bytes all connections together may hold at once, default a quarter of the maximum
         * heap (at least twice the per-connection limit); beyond it connections stop reading until requests are
         * answered.
         * @param maxRequestBytes the limit in bytes
         * @return this builder
         */
        public Builder maxRequestBytes(long maxRequestBytes) {
            this.maxRequestBytes = requirePositive(maxRequestBytes, "maxRequestBytes");
            return this;
        }

        /**
         * Sets how long a connection may stay unwritable (its outbound buffer above the high-water mark: the client
         * does not read its responses) before it is closed, default 30 seconds. While unwritable, the server does
         * not read from it.
         * @param writeStallTimeout the timeout
         * @return this builder
         */
        public Builder writeStallTimeout(Duration writeStallTimeout) {
            this.writeStallTimeout = requirePositive(writeStallTimeout, "writeStallTimeout");
            return this;
        }

        /**
         * Sets the largest accepted message length ({@code len}, sealed bytes), default 16 MiB; a longer message
         * closes the connection.
         * @param maxFrameSize the maximum, at least 28
         * @return this builder
         */
        public Builder maxFrameSize(int maxFrameSize) {
            if (maxFrameSize < ProtocolV1.SEAL_OVERHEAD) {
                throw new IllegalArgumentException("maxFrameSize must be at least " + ProtocolV1.SEAL_OVERHEAD
                        + " bytes, the size of an empty sealed message (got " + maxFrameSize + ")");
            }
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /**
         * Sets how many connections may be open at once, default 10,000; more are closed at accept.
         * @param maxConnections the limit
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = requirePositive(maxConnections, "maxConnections");
            return this;
        }

        /**
         * Sets the socket transport, default {@link TransportKind#AUTO} (io_uring, else epoll, else NIO).
         * @param transport the transport; {@link TransportKind#LOCAL} is taken with {@link #inProcess(String)}
         * @return this builder
         */
        public Builder transport(TransportKind transport) {
            this.transport = requireSocketTransport(transport);
            return this;
        }

        /**
         * Sets the number of I/O event loops, default 0 for one per available processor (not Netty's twice that:
         * a connection's work is mostly crypto, and more loops than cores measured slower, see
         * {@code docs/benchmarks.md}).
         * @param eventLoopThreads the number of event loops
         * @return this builder
         */
        public Builder eventLoopThreads(int eventLoopThreads) {
            if (eventLoopThreads < 0) {
                throw new IllegalArgumentException("eventLoopThreads must not be negative (got " + eventLoopThreads
                        + ")");
            }
            this.eventLoopThreads = eventLoopThreads;
            return this;
        }

        /**
         * Sets the threads of the handler executor the server creates, default {@code max(4, 2 * cores)}; they
         * serve the connections with blocking requests waiting in turn, one request each per turn.
         * @param handlerThreads the number of threads
         * @return this builder
         */
        public Builder handlerThreads(int handlerThreads) {
            this.handlerThreads = requirePositive(handlerThreads, "handlerThreads");
            return this;
        }

        /**
         * Sets how many blocking requests may wait for a thread of the handler executor the server creates, across
         * all connections, default 10,000; beyond it requests are answered as overloaded (the empty response in
         * plain v1) and counted as rejected.
         * @param handlerQueueCapacity the queue capacity
         * @return this builder
         */
        public Builder handlerQueueCapacity(int handlerQueueCapacity) {
            this.handlerQueueCapacity = requirePositive(handlerQueueCapacity, "handlerQueueCapacity");
            return this;
        }

        /**
         * Sets how many blocking requests of one connection may wait for a handler thread, default 16; at the limit
         * the server stops reading that connection until one of them starts, so its further requests wait in the
         * network instead of being refused. Applies to the server's own executor and to a
         * {@link #handlerExecutor(Executor) handlerExecutor} alike.
         * @param maxQueuedPerConnection the limit per connection
         * @return this builder
         */
        public Builder maxQueuedPerConnection(int maxQueuedPerConnection) {
            this.maxQueuedPerConnection = requirePositive(maxQueuedPerConnection, "maxQueuedPerConnection");
            return this;
        }

        /**
         * Sets an executor for blocking requests (for example virtual threads) instead of the pool the server
         * creates; the server does not shut it down, and {@code handlerThreads} and {@code handlerQueueCapacity}
         * do not apply. A request it refuses is answered as overloaded.
         * @param handlerExecutor the executor
         * @return this builder
         */
        public Builder handlerExecutor(Executor handlerExecutor) {
            this.handlerExecutor = Objects.requireNonNull(handlerExecutor, "handlerExecutor must not be null");
            return this;
        }

        /**
         * Sets how long {@link FalcoServer#stop()} waits for requests in flight, default 30 seconds.
         * @param shutdownGracePeriod the grace period, zero to not wait
         * @return this builder
         */
        public Builder shutdownGracePeriod(Duration shutdownGracePeriod) {
            Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod must not be null");
            if (shutdownGracePeriod.isNegative()) {
                throw new IllegalArgumentException("shutdownGracePeriod must not be negative (got "
                        + shutdownGracePeriod + ")");
            }
            this.shutdownGracePeriod = shutdownGracePeriod;
            return this;
        }

        /**
         * Sets the AES-GCM implementation, default {@link AeadEngine#DEFAULT}.
         * @param cryptoEngine the engine
         * @return this builder
         */
        public Builder cryptoEngine(AeadEngine cryptoEngine) {
            this.cryptoEngine = Objects.requireNonNull(cryptoEngine, "cryptoEngine must not be null");
            return this;
        }

        /**
         * Sets whether {@link FalcoServer#start()} runs the crypto of the connections before it binds the port,
         * default {@code true}: the AES-GCM engine seals and opens a fixed number of payloads of 64 B to 1 MiB,
         * once per JVM and engine, so that the JIT compiles it for large messages too (without it, the first large
         * messages after small ones run many times slower, see {@code docs/benchmarks.md}), and the JDK's crypto
         * policy is loaded before any connection can take the last file descriptor.
         * @param cryptoWarmUp {@code false} to start without it
         * @return this builder
         */
        public Builder cryptoWarmUp(boolean cryptoWarmUp) {
            this.cryptoWarmUp = cryptoWarmUp;
            return this;
        }

        /**
         * Sets how many requests of one connection may await their response, default 1024; beyond it the server
         * stops reading from that connection until responses are written.
         * @param maxPipelinedRequests the limit per connection
         * @return this builder
         */
        public Builder maxPipelinedRequests(int maxPipelinedRequests) {
            this.maxPipelinedRequests = requirePositive(maxPipelinedRequests, "maxPipelinedRequests");
            return this;
        }

        /**
         * Also serves the FalcoTCP 0.2 framing of the Rust io_uring crate ({@code size: u64 LE ‖ compression: u8},
         * AES-256-GCM payloads under the server's first key, compressed with none, xz, gzip, LZ4 or zstd) on a port
         * of its own, with the same handler, executor, connection limit and request budgets; see "FalcoTCP 0.2" in
         * {@code docs/protocol.md} for what a format without a handshake means for them. Off by default.
         * @param v02Port the port, 0 for any free one ({@link FalcoServer#v02Port()} tells which)
         * @return this builder
         */
        public Builder v02Port(int v02Port) {
            if (v02Port < 0 || v02Port > 65535) {
                throw new IllegalArgumentException("v02Port must be between 0 and 65535 (got " + v02Port + ")");
            }
            this.v02Port = v02Port;
            return this;
        }

        /**
         * How long a FalcoTCP 0.2 connection may stay without a request before the server closes it (0.2 has no
         * ping). Default 1200 s, the Rust crate's.
         * @param v02IdleTimeout a positive duration
         * @return this builder
         */
        public Builder v02IdleTimeout(Duration v02IdleTimeout) {
            this.v02IdleTimeout = requirePositive(v02IdleTimeout, "v02IdleTimeout");
            return this;
        }

        /**
         * Creates the server, not yet started.
         * @return the server
         */
        public FalcoServer build() {
            if (this.keys.isEmpty()) {
                throw new IllegalStateException("a FalcoTCP server needs a key: call key(FalcoKey)");
            }
            if ((this.handler == null) == (this.asyncHandler == null)) {
                throw new IllegalStateException("a FalcoTCP server needs exactly one of handler(RequestHandler) "
                        + "and asyncHandler(AsyncRequestHandler)");
            }
            if (this.inProcessName != null && this.v02Port >= 0) {
                throw new IllegalStateException("the FalcoTCP 0.2 port (v02Port) needs a socket transport; an "
                        + "in-process server (inProcess) has none");
            }
            long perConnection = (this.maxRequestBytesPerConnection > 0) ? this.maxRequestBytesPerConnection
                    : 2L * this.maxFrameSize;
            if (perConnection < this.maxFrameSize) {
                throw new IllegalStateException("maxRequestBytesPerConnection (" + perConnection + ") must be at "
                        + "least maxFrameSize (" + this.maxFrameSize + "), or no frame of that size could be read");
            }
            long all = (this.maxRequestBytes > 0) ? this.maxRequestBytes
                    : Math.max(2 * perConnection, Runtime.getRuntime().maxMemory() / 4);
            return new FalcoServer(new Settings(this.keys, this.host, this.port, this.inProcessName, this.handler,
                    this.asyncHandler,
                    this.timeout, this.handshakeTimeout, this.maxFrameSize, this.maxConnections, this.transport,
                    this.eventLoopThreads, this.handlerThreads, this.handlerQueueCapacity, this.handlerExecutor,
                    this.shutdownGracePeriod, this.cryptoEngine, this.maxPipelinedRequests, this.maxInFlightPerSession,
                    this.refusePlainV1, this.compression, this.compressionThreshold, this.maxPendingHandshakes,
                    this.maxPendingHandshakesPerAddress, this.replayWindow, this.replayCacheCapacity,
                    this.acceptSessionVersion1, this.sessionKeyLifetime, this.maxDecompressedBody,
                    perConnection, Math.max(all, perConnection), this.writeStallTimeout,
                    this.maxQueuedPerConnection, this.cryptoWarmUp, this.v02Port, this.v02IdleTimeout));
        }

        private static TransportKind requireSocketTransport(TransportKind transport) {
            Objects.requireNonNull(transport, "transport must not be null");
            if (transport == TransportKind.LOCAL) {
                throw new IllegalArgumentException("the local transport is not chosen with transport(...): call "
                        + "inProcess(name), which takes it");
            }
            return transport;
        }

        private static Duration requirePositive(Duration duration, String name) {
            Objects.requireNonNull(duration, name + " must not be null");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive (got " + duration + ")");
            }
            return duration;
        }

        private static long requirePositive(long value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive (got " + value + ")");
            }
            return value;
        }

        private static int requirePositive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive (got " + value + ")");
            }
            return value;
        }

    }

}
