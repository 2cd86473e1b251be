package io.falcotcp.client.v02;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.falcotcp.client.FalcoClientException;
import io.falcotcp.client.FalcoConnectionException;
import io.falcotcp.client.FalcoProtocolException;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTimeoutException;
import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.InboundBudget;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.v02.V02Compression;
import io.falcotcp.protocol.v02.V02Frame;
import io.falcotcp.protocol.v02.V02FrameDecoder;
import io.falcotcp.protocol.v02.V02Payload;
import io.falcotcp.transport.Transport;
import io.falcotcp.transport.TransportKind;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.ThreadExecutorMap;
import org.jspecify.annotations.Nullable;

/**
 * A client of the FalcoTCP 0.2 framing of the Rust io_uring crate, and of a {@code FalcoServer} with a 0.2 port:
 * {@code size: u64 LE ‖ compression: u8} frames whose payload is the message, compressed with the configured
 * compression and then sealed with AES-256-GCM under the pre-shared key.
 * <p>
 * It keeps one connection, opened on the first request and reopened on the next request after it was lost (the
 * server closes idle connections), and carries one request at a time on it, as 0.2 has it: later requests wait
 * their turn, at most {@code maxQueuedRequests} of them. 0.2 has no handshake, so a wrong key shows only with the
 * first answer: a {@code FalcoServer} answers a request it cannot open with the empty frame
 * ({@link FalcoRemoteException}), a peer that answers nothing makes it time out ({@link FalcoTimeoutException}).
 * Every future completes: with the response, or with a {@link FalcoClientException} subclass. Thread-safe.
 */
public final class V02Client implements AutoCloseable {

    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final Settings settings;

    private final String endpoint;

    private final EventLoopGroup group;

    private final EventLoop loop;

    private final Bootstrap bootstrap;

    private final V02Payload payload;

    // the fields below are used on the event loop only
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    private @Nullable Channel channel;

    private boolean connected;

    private @Nullable Pending inFlight;

    private boolean closed;

    private V02Client(Settings settings) {
        this.settings = settings;
        this.endpoint = settings.host + ":" + settings.port;
        Transport transport = Transport.select(settings.transport);
        this.group = transport.newEventLoopGroup(1, "falcotcp-v02-client");
        this.loop = this.group.next();
        this.payload = new V02Payload(new PayloadCipher(settings.key.newCipher(settings.aeadEngine)),
                settings.maxResponseLength);
        this.bootstrap = new Bootstrap().group(this.loop).channel(transport.clientChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout.toMillis()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new V02FrameDecoder(settings.maxFrameSize, InboundBudget.UNLIMITED))
                                .addLast(new ResponseHandler());
                    }
                });
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
     * @param message the request
     * @return the response
     * @throws FalcoClientException (a subclass of it) when the request fails
     * @throws IllegalStateException when called on a Netty event-loop thread, which must never block
     */
    public byte[] request(byte[] message) {
        if (ThreadExecutorMap.currentExecutor() instanceof EventLoop) {
            throw new IllegalStateException("V02Client.request blocks and must not be called on a Netty event loop "
                    + "thread; use requestAsync");
        }
        CompletableFuture<byte[]> response = requestAsync(message);
        try {
            return response.get(this.settings.requestTimeout.toNanos() + TimeUnit.SECONDS.toNanos(1),
                    TimeUnit.NANOSECONDS);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            throw new FalcoClientException("the request to " + this.endpoint + " failed", ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new FalcoTimeoutException("no response from " + this.endpoint + " within "
                    + this.settings.requestTimeout.toMillis() + " ms (requestTimeout)");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new FalcoClientException("interrupted while waiting for a response from " + this.endpoint, ex);
        }
    }

    /**
     * Sends a request when the ones before it are answered. The future completes on the client's event loop.
     * @param message the request; it must not be modified until the future completes
     * @return the future response
     */
    public CompletableFuture<byte[]> requestAsync(byte[] message) {
        Objects.requireNonNull(message, "message must not be null");
        Pending request = new Pending(message);
        try {
            this.loop.execute(() -> enqueue(request));
        }
        catch (RuntimeException ex) {
            request.future.completeExceptionally(new FalcoConnectionException("the FalcoTCP 0.2 client is closed",
                    ex));
        }
        return request.future;
    }

    private void enqueue(Pending request) {
        if (this.closed) {
            request.fail(new FalcoConnectionException("the FalcoTCP 0.2 client is closed"));
            return;
        }
        if (this.queue.size() >= this.settings.maxQueuedRequests) {
            request.fail(new FalcoClientException(this.queue.size() + " requests to " + this.endpoint
                    + " already wait for their turn (maxQueuedRequests)"));
            return;
        }
        request.timeout = this.loop.schedule(() -> timedOut(request), this.settings.requestTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
        this.queue.add(request);
        next();
    }

    private void next() {
        if (this.inFlight != null || this.queue.isEmpty()) {
            return;
        }
        Channel current = this.channel;
        if (current == null) {
            connect();
            return;
        }
        if (!this.connected) {
            return;
        }
        Pending request = this.queue.poll();
        this.inFlight = request;
        current.writeAndFlush(this.payload.seal(current.alloc(), request.message, this.settings.compression))
                .addListener((ChannelFuture write) -> {
                    if (!write.isSuccess()) {
                        write.channel().close();
                    }
                });
    }

    private void connect() {
        ChannelFuture connect = this.bootstrap.connect(this.settings.host, this.settings.port);
        Channel opening = connect.channel();
        this.channel = opening;
        this.connected = false;
        connect.addListener((ChannelFuture future) -> {
            if (future.isSuccess()) {
                this.connected = true;
                next();
                return;
            }
            if (this.channel == opening) {
                this.channel = null;
            }
            failQueued(new FalcoConnectionException("cannot connect to " + this.endpoint + ": "
                    + future.cause().getMessage(), future.cause()));
        });
        opening.closeFuture().addListener((future) -> lost(opening));
    }

    private void lost(Channel lostChannel) {
        if (this.channel != lostChannel) {
            return;
        }
        boolean wasConnected = this.connected;
        this.channel = null;
        this.connected = false;
        Pending request = this.inFlight;
        this.inFlight = null;
        if (request != null) {
            request.fail(new FalcoConnectionException("the connection to " + this.endpoint + " closed before the "
                    + "response arrived"));
        }
        // the requests still waiting get a new connection; a connection that never opened failed them already
        if (wasConnected) {
            next();
        }
    }

    private void timedOut(Pending request) {
        FalcoTimeoutException timeout = new FalcoTimeoutException("no response from " + this.endpoint + " within "
                + this.settings.requestTimeout.toMillis() + " ms (requestTimeout)" + ((this.inFlight == request)
                        ? "; 0.2 has no handshake: a peer that cannot open a request (another key) may never answer"
                        : ""));
        if (this.inFlight == request) {
            // its late answer would be taken for the next request's: the connection cannot be reused
            this.inFlight = null;
            Channel current = this.channel;
            this.channel = null;
            if (current != null) {
                current.close();
            }
        }
        else {
            this.queue.remove(request);
        }
        request.fail(timeout);
        next();
    }

    private void failQueued(FalcoClientException failure) {
        Pending request;
        while ((request = this.queue.poll()) != null) {
            request.fail(failure);
        }
    }

    /**
     * Closes the connection and shuts the event loop down; requests waiting or in flight fail with
     * {@link FalcoConnectionException}. Calling it again has no effect. Outside the client's event loop it waits (a
     * few seconds at most) until they have failed.
     */
    @Override
    public void close() {
        if (this.group.isShuttingDown()) {
            return;
        }
        if (this.loop.inEventLoop()) {
            // a callback of this client's own future: it must not wait for its own loop
            failAllAndClose();
            this.group.shutdownGracefully(0, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return;
        }
        try {
            this.loop.submit(this::failAllAndClose).awaitUninterruptibly(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        finally {
            this.group.shutdownGracefully(0, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .awaitUninterruptibly(CLOSE_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        }
    }

    private void failAllAndClose() {
        this.closed = true;
        FalcoConnectionException failure = new FalcoConnectionException("the FalcoTCP 0.2 client is closed");
        failQueued(failure);
        Pending request = this.inFlight;
        this.inFlight = null;
        if (request != null) {
            request.fail(failure);
        }
        if (this.channel != null) {
            this.channel.close();
        }
    }

    /**
     * Completes the request in flight with each frame the server sends.
     */
    private final class ResponseHandler extends SimpleChannelInboundHandler<V02Frame> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, V02Frame frame) {
            Pending request = V02Client.this.inFlight;
            if (request == null) {
                ctx.close();
                return;
            }
            V02Client.this.inFlight = null;
            if (frame.content().readableBytes() == 0) {
                request.fail(new FalcoRemoteException("the server at " + V02Client.this.endpoint + " could not "
                        + "produce a response (empty frame, size = 0): its handler failed or it could not open the "
                        + "request (another key?)"));
            }
            else {
                byte[] response = V02Client.this.payload.open(frame);
                if (response == null) {
                    request.fail(new FalcoProtocolException("a response from " + V02Client.this.endpoint + " does "
                            + "not open under the key, does not decompress, or exceeds maxResponseLength; the "
                            + "connection is closed"));
                    ctx.close();
                    return;
                }
                request.complete(response);
            }
            next();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Pending request = V02Client.this.inFlight;
            if (request != null) {
                V02Client.this.inFlight = null;
                request.fail(new FalcoProtocolException("the connection to " + V02Client.this.endpoint
                        + " failed: " + cause.getMessage(), cause));
            }
            ctx.close();
        }

    }

    /**
     * One request from submission to its answer.
     */
    private static final class Pending {

        private final byte[] message;

        private final CompletableFuture<byte[]> future = new CompletableFuture<>();

        private @Nullable ScheduledFuture<?> timeout;

        Pending(byte[] message) {
            this.message = message;
        }

        void complete(byte[] response) {
            cancelTimeout();
            this.future.complete(response);
        }

        void fail(Throwable failure) {
            cancelTimeout();
            this.future.completeExceptionally(failure);
        }

        private void cancelTimeout() {
            if (this.timeout != null) {
                this.timeout.cancel(false);
            }
        }

    }

    /**
     * The settings a client was built with.
     */
    private record Settings(String host, int port, FalcoKey key, V02Compression compression, int maxFrameSize,
            int maxResponseLength, int maxQueuedRequests, Duration connectTimeout, Duration requestTimeout,
            TransportKind transport, AeadEngine aeadEngine) {
    }

    /**
     * Builds a {@link V02Client}; {@code host}, {@code port} and {@code key} are required.
     */
    public static final class Builder {

        private @Nullable String host;

        private int port = -1;

        private @Nullable FalcoKey key;

        private V02Compression compression = V02Compression.NONE;

        private int maxFrameSize = ProtocolV1.DEFAULT_MAX_FRAME_SIZE;

        private int maxResponseLength = ProtocolV1.DEFAULT_MAX_FRAME_SIZE;

        private int maxQueuedRequests = 1024;

        private Duration connectTimeout = Duration.ofSeconds(5);

        private Duration requestTimeout = Duration.ofSeconds(30);

        private TransportKind transport = TransportKind.AUTO;

        private AeadEngine cryptoEngine = AeadEngine.DEFAULT;

        private Builder() {
        }

        /**
         * The server's host name or address.
         * @param host the host
         * @return this builder
         */
        public Builder host(String host) {
            if (Objects.requireNonNull(host, "host must not be null").isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /**
         * The server's 0.2 port.
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535 (got " + port + ")");
            }
            this.port = port;
            return this;
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
         * How requests are compressed before they are sealed; the server answers with the same. Default
         * {@link V02Compression#NONE}. Read the compression side-channel caveat in {@code docs/security.md} first.
         * @param compression the compression; its library must be on the class path
         * @return this builder
         */
        public Builder compression(V02Compression compression) {
            Objects.requireNonNull(compression, "compression must not be null");
            if (!compression.isAvailable()) {
                throw new IllegalArgumentException(compression + " compression needs its library on the class path "
                        + "(org.tukaani:xz for LZMA, com.github.luben:zstd-jni for ZSTD)");
            }
            this.compression = compression;
            return this;
        }

        /**
         * The largest frame {@code size} accepted from the server; a frame announcing more closes the connection
         * before anything is allocated for it. Default 16 MiB.
         * @param maxFrameSize at least 28 (nonce and tag)
         * @return this builder
         */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = atLeast(maxFrameSize, ProtocolV1.SEAL_OVERHEAD, "maxFrameSize");
            return this;
        }

        /**
         * The largest response accepted after decompression. Default 16 MiB.
         * @param maxResponseLength at least 1
         * @return this builder
         */
        public Builder maxResponseLength(int maxResponseLength) {
            this.maxResponseLength = atLeast(maxResponseLength, 1, "maxResponseLength");
            return this;
        }

        /**
         * How many requests may wait for their turn behind the one in flight; more fail at once. Default 1024.
         * @param maxQueuedRequests at least 1
         * @return this builder
         */
        public Builder maxQueuedRequests(int maxQueuedRequests) {
            this.maxQueuedRequests = atLeast(maxQueuedRequests, 1, "maxQueuedRequests");
            return this;
        }

        /**
         * How long connecting may take. Default 5 s.
         * @param connectTimeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long a request may take from submission, waiting for its turn included. Default 30 s.
         * @param requestTimeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * The Netty transport. Default {@link TransportKind#AUTO}.
         * @param transport the transport kind, a socket transport: the 0.2 framing has no in-process mode
         * @return this builder
         */
        public Builder transport(TransportKind transport) {
            Objects.requireNonNull(transport, "transport must not be null");
            if (transport == TransportKind.LOCAL) {
                throw new IllegalArgumentException("the FalcoTCP 0.2 client needs a socket transport, not LOCAL");
            }
            this.transport = transport;
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
         * Builds the client; it connects on the first request.
         * @return the client; close it when done
         * @throws IllegalStateException when a required setting is missing
         */
        public V02Client build() {
            if (this.host == null || this.port < 0 || this.key == null) {
                throw new IllegalStateException("a FalcoTCP 0.2 client needs host(...), port(...) and key(...)");
            }
            return new V02Client(new Settings(this.host, this.port, this.key, this.compression, this.maxFrameSize,
                    this.maxResponseLength, this.maxQueuedRequests, this.connectTimeout, this.requestTimeout,
                    this.transport, this.cryptoEngine));
        }

        private static int atLeast(int value, int min, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + " (got " + value + ")");
            }
            return value;
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name + " must not be null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive (got " + value + ")");
            }
            return value;
        }

    }

}
