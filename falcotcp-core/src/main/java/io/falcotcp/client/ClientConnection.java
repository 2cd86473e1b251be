package io.falcotcp.client;

import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.falcotcp.crypto.SessionKeys;
import io.falcotcp.protocol.Lz4BodyCompression;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.ServerFrameDecoder;
import io.falcotcp.protocol.SessionCipher;
import io.falcotcp.protocol.SessionEnd;
import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.protocol.InboundBudget;
import io.falcotcp.protocol.SessionFrameDecoder;
import io.falcotcp.protocol.SessionMessageCodec;
import io.falcotcp.protocol.SessionSegments;
import io.falcotcp.protocol.V1ClientCodec;
import io.falcotcp.protocol.SessionHandshake;
import io.falcotcp.transport.TrafficCounter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One client connection: a Netty channel that is connected, authenticated with the v1 handshake (negotiating the
 * session mode as the client's {@link ClientMode} says) and then carries up to {@code maxPipelinedRequests}
 * requests at a time, or fewer when a session server announced a lower limit. A session-mode connection writes a
 * ping as its first frame, before it counts as established (key confirmation).
 * <p>
 * Callers on any thread reserve a pipelining slot with {@link #tryReserve()} and then {@link #send} the request,
 * which is written on the channel's event loop. The slot is freed when the request leaves the connection: answered,
 * timed out and its late response consumed, or failed because the connection closed.
 */
final class ClientConnection {

    private static final String IN_FLIGHT = "inFlight";

    private final ClientSettings settings;

    private final Channel channel;

    private final Promise<Void> established;

    private final InFlightRequests inFlight;

    private volatile ConnectionRequests sender;

    private volatile int capacity;

    private volatile boolean sessionMode;

    private volatile Set<SessionFeature> features = Set.of();

    private final AtomicInteger reserved = new AtomicInteger();

    private final Runnable slotFreed;

    private final Runnable retirementStarted;

    private final Consumer<PendingRequest> unsent;

    private volatile boolean retiring;

    /** Set on the event loop when the server said it goes away: requests not written yet go elsewhere. */
    private boolean serverGoingAway;

    private boolean retired;

    /**
     * Starts connecting; {@link #established()} tells how it ends.
     * @param bootstrap the client bootstrap, with its channel class and options set
     * @param loop the event loop the connection runs on
     * @param settings the client configuration
     * @param address the server's address, resolved for this attempt
     * @param slotFreed called on the event loop each time a request leaves this connection
     * @param retirementStarted called on the event loop when the connection stops taking requests because its
     *     session keys near their limits or the server goes away: a replacement should be opened
     * @param unsent takes, on the event loop, a request this connection closed before writing, or one to an
     *     idempotent route it closed before answering, to send it elsewhere
     * @param trafficCounter counts the connection's bytes
     */
    ClientConnection(Bootstrap bootstrap, EventLoop loop, ClientSettings settings, SocketAddress address,
            Runnable slotFreed, Runnable retirementStarted, Consumer<PendingRequest> unsent,
            TrafficCounter trafficCounter) {
        this.settings = settings;
        this.slotFreed = slotFreed;
        this.retirementStarted = retirementStarted;
        this.unsent = unsent;
        this.established = loop.newPromise();
        PayloadCipher cipher = new PayloadCipher(settings.key().current().newCipher(settings.aeadEngine()));
        this.inFlight = new InFlightRequests(settings, this::release, unsent);
        this.sender = this.inFlight;
        this.capacity = settings.maxPipelinedRequests();
        ChannelFuture connect = bootstrap.clone(loop).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(trafficCounter);
                ch.pipeline().addLast(new ClientHandshakeHandler(settings, cipher, ClientConnection.this.established,
                        new Establishment(cipher)));
            }
        }).connect(address);
        this.channel = connect.channel();
        connect.addListener((ChannelFuture future) -> {
            if (!future.isSuccess()) {
                this.established.tryFailure(new FalcoConnectionException("cannot connect to " + settings.endpoint()
                        + ": " + future.cause().getMessage(), future.cause()));
            }
        });
        // one deadline for TCP connect and authentication together: a server that accepts but never answers
        // must not hold the attempt open
        ScheduledFuture<?> deadline = loop.schedule(() -> {
            String step = this.channel.isActive() ? "no authentication answer from " : "cannot connect to ";
            this.established.tryFailure(new FalcoConnectionException(step + settings.endpoint() + " within "
                    + settings.connectTimeout().toMillis() + " ms (connectTimeout)"));
        }, settings.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        this.established.addListener((Future<Void> result) -> {
            deadline.cancel(false);
            if (!result.isSuccess()) {
                close(result.cause());
            }
        });
    }

    /**
     * Whether the connection negotiated the session mode.
     * @return {@code true} once established in session mode
     */
    boolean isSessionMode() {
        return this.sessionMode;
    }

    /**
     * The optional features the session handshake negotiated.
     * @return the features, empty for a plain v1 connection or one not yet established
     */
    Set<SessionFeature> features() {
        return this.features;
    }

    /**
     * Completes when the connection is authenticated, or fails with a {@link FalcoClientException} saying why not.
     * @return the establishment future
     */
    Future<Void> established() {
        return this.established;
    }

    /**
     * Completes when the channel has closed, whether it was ever established or not.
     * @return the close future
     */
    Future<Void> closeFuture() {
        return this.channel.closeFuture();
    }

    /**
     * Why the connection closed, for a connection that has.
     * @return the failure that says why
     */
    FalcoConnectionException closeCause() {
        return this.sender.connectionLost();
    }

    /**
     * Whether the connection is authenticated and open.
     * @return {@code true} when requests can be sent on it
     */
    boolean isUsable() {
        return this.established.isSuccess() && this.channel.isActive();
    }

    /**
     * Takes a pipelining slot for one request, if the connection is usable and not full.
     * @return {@code true} when a slot was taken; the caller must then {@link #send} a request
     */
    boolean tryReserve() {
        if (!isUsable() || this.retiring) {
            return false;
        }
        int max = this.capacity;
        int current;
        do {
            current = this.reserved.get();
            if (current >= max) {
                return false;
            }
        }
        while (!this.reserved.compareAndSet(current, current + 1));
        if (this.retiring) {
            // retirement began meanwhile and may have seen this slot: give it back and let the loop decide
            this.reserved.decrementAndGet();
            this.channel.eventLoop().execute(this::closeIfRetiredAndIdle);
            return false;
        }
        return true;
    }

    /**
     * Whether a request could be reserved now.
     * @return {@code true} when usable and not full
     */
    boolean hasCapacity() {
        return isUsable() && !this.retiring && this.reserved.get() < this.capacity;
    }

    /**
     * The requests on this connection: reserved, sent and not yet answered.
     * @return the count, at most the connection's capacity
     */
    int inFlight() {
        return this.reserved.get();
    }

    /**
     * Whether the connection was closed because it retired, not because it failed.
     * @return {@code true} for a retired connection; read on its event loop
     */
    boolean isRetired() {
        return this.retired;
    }

    /**
     * Whether the server said it goes away (feature bit 3) on this connection.
     * @return {@code true} once it did; read on the event loop
     */
    boolean isServerGoingAway() {
        return this.serverGoingAway;
    }

    /**
     * Stops taking requests, asks for a replacement and closes once the requests in flight are answered; called on
     * the event loop, ahead of the session keys' lifetime or block limit, so that no request ever meets the server's
     * own retirement.
     */
    void retire() {
        if (this.retiring || !isUsable()) {
            return;
        }
        this.retiring = true;
        this.retirementStarted.run();
        closeIfRetiredAndIdle();
    }

    /**
     * Retires the connection because the server stops: as {@link #retire()}, and a request reserved here but not
     * written yet goes to another connection instead; called on the event loop.
     */
    private void serverGoingAway() {
        this.serverGoingAway = true;
        if (this.retiring) {
            closeIfRetiredAndIdle();
            return;
        }
        retire();
    }

    private void closeIfRetiredAndIdle() {
        if (this.retiring && !this.retired && this.reserved.get() == 0) {
            this.retired = true;
            close(new FalcoConnectionException("connection to " + this.settings.endpoint() + " retired: "
                    + (this.serverGoingAway ? "the server is going away" : "its session keys neared their lifetime "
                            + "or block limit") + ", and a new connection replaced it"));
        }
    }

    /**
     * Sends a request on a slot taken with {@link #tryReserve()}. When the channel has closed, or the server said it
     * goes away, by the time the event loop gets to write it, nothing of the request went out: it is handed back
     * through {@code unsent} instead of failing, so that it can go to another connection.
     * @param request the request
     */
    void send(PendingRequest request) {
        try {
            ConnectionRequests target = this.sender;
            this.channel.eventLoop().execute(() -> {
                if ((this.channel.isActive() && !this.serverGoingAway) || request.isDone()) {
                    target.send(request);
                    return;
                }
                this.reserved.decrementAndGet();
                this.unsent.accept(request);
                closeIfRetiredAndIdle();
            });
        }
        catch (RejectedExecutionException ex) {
            this.reserved.decrementAndGet();
            request.fail(new FalcoConnectionException("the FalcoTCP client is closed", ex));
        }
    }

    /**
     * Closes the connection; its requests in flight fail with {@code cause}.
     * @param cause why
     */
    void close(Throwable cause) {
        this.sender.close(cause);
        this.channel.close();
    }

    private void release() {
        this.reserved.decrementAndGet();
        this.slotFreed.run();
        closeIfRetiredAndIdle();
    }

    /**
     * Installs the handlers of the mode the handshake negotiated.
     */
    private final class Establishment implements ClientHandshakeHandler.Establishment {

        private final PayloadCipher cipher;

        Establishment(PayloadCipher cipher) {
            this.cipher = cipher;
        }

        @Override
        public void v1(ChannelHandlerContext handshake) {
            ChannelPipeline pipeline = handshake.pipeline();
            pipeline.addAfter(handshake.name(), "decoder",
                    new ServerFrameDecoder(ClientConnection.this.settings.maxFrameSize()));
            pipeline.addAfter("decoder", "codec", new V1ClientCodec(this.cipher));
            pipeline.addAfter("codec", IN_FLIGHT, ClientConnection.this.inFlight);
            long pingNanos = ClientConnection.this.settings.pingInterval().toNanos();
            if (pingNanos > 0) {
                pipeline.addBefore(IN_FLIGHT, null, new IdleStateHandler(0, pingNanos, 0, TimeUnit.NANOSECONDS));
                pipeline.addBefore(IN_FLIGHT, null, new KeepAliveHandler());
            }
        }

        @Override
        public void session(ChannelHandlerContext handshake, SessionHandshake.Session session) {
            ClientSettings settings = ClientConnection.this.settings;
            SessionKeys keys = session.keys();
            boolean metadata = (session.features() & SessionFeature.METADATA.mask()) != 0;
            SessionRequests requests = new SessionRequests(settings, session.maxFrameSize(), metadata,
                    ClientConnection.this::release, ClientConnection.this.unsent, ClientConnection.this::retire,
                    (session.features() & SessionFeature.GOING_AWAY.mask()) != 0,
                    ClientConnection.this::serverGoingAway);
            // the client decompresses what its hello announced (SessionHandshake.startClient's default)
            Lz4BodyCompression compression = ((session.features() & SessionFeature.LZ4.mask()) != 0)
                    ? new Lz4BodyCompression(settings.compressionThreshold(),
                            Lz4BodyCompression.DEFAULT_MAX_DECOMPRESSED_LENGTH, session.peerMaxDecompressedBody())
                    : null;
            handshake.pipeline().addAfter(handshake.name(), "decoder",
                    new SessionFrameDecoder(settings.maxFrameSize(), InboundBudget.UNLIMITED));
            handshake.pipeline().addAfter("decoder", "codec", new SessionMessageCodec(
                    new SessionCipher(settings.aeadEngine(), keys.serverToClientKey(), keys.serverToClientNonceBase()),
                    new SessionCipher(settings.aeadEngine(), keys.clientToServerKey(), keys.clientToServerNonceBase()),
                    compression, InboundBudget.UNLIMITED, ((session.features() & SessionFeature.SEGMENTS.mask()) != 0)
                            ? new SessionSegments(settings.maxFrameSize()) : null, session.maxFrameSize(), metadata,
                    ((session.features() & SessionFeature.BATCHES.mask()) != 0) ? SessionEnd.CLIENT : null));
            handshake.pipeline().addAfter("codec", IN_FLIGHT, requests);
            // first, to see every byte that arrives: any of them proves the server is there
            SessionKeepAliveHandler keepAlive = new SessionKeepAliveHandler(settings, ClientConnection.this::close);
            handshake.pipeline().addFirst(keepAlive);
            long pingNanos = settings.pingInterval().toNanos();
            if (pingNanos > 0) {
                handshake.pipeline().addFirst(new IdleStateHandler(pingNanos, pingNanos, 0, TimeUnit.NANOSECONDS));
            }
            ClientConnection.this.sender = requests;
            ClientConnection.this.capacity = Math.min(settings.maxPipelinedRequests(), session.maxInFlight());
            ClientConnection.this.features = SessionFeature.fromBits(session.features());
            ClientConnection.this.sessionMode = true;
            // key confirmation, before the connection is established and so before any request: the server commits
            // to the session once a frame from the client opens under the derived keys, and its handshake timeout
            // runs until then, also on a connection that has nothing to send
            keepAlive.ping();
            // the server retires the connection at the key lifetime: move on well before
            long lifetimeNanos = session.keyLifetime().toNanos();
            handshake.executor().schedule(ClientConnection.this::retire, lifetimeNanos - lifetimeNanos / 4,
                    TimeUnit.NANOSECONDS);
        }

    }

}
