package io.falcotcp.server;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.crypto.SessionKeys;
import io.falcotcp.protocol.ClientFrameDecoder;
import io.falcotcp.protocol.Lz4BodyCompression;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.SessionCipher;
import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.protocol.SessionFrameDecoder;
import io.falcotcp.protocol.SessionFrameEncoder;
import io.falcotcp.protocol.SessionHandshake;
import io.falcotcp.transport.TrafficCounter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;

/**
 * Sets up each accepted connection: enforces the connection limit and the pre-authentication budget, then builds
 * the handshake pipeline; the handshake installs the dispatch stages, and the lifetime once the client has proven
 * itself.
 * <p>
 * Pipeline of an established connection: traffic counter → frame decoder → lifetime → dispatcher → error handler;
 * in session mode the v1 frame decoder is replaced by the session frame decoder, a session frame encoder follows
 * it and the dispatcher is the session dispatcher.
 */
final class ConnectionInitializer extends ChannelInitializer<Channel> {

    private final List<FalcoKey> keys;

    private final HandshakeHandler.Policy policy;

    private final int compressionThreshold;

    private final int maxDecompressedBody;

    private final AeadEngine aeadEngine;

    private final int maxFrameSize;

    private final int maxConnections;

    private final Duration lifetime;

    private final int maxPipelinedRequests;

    private final RequestDispatcher.RequestInvoker invoker;

    private final ChannelGroup connections;

    private final FalcoServerStats stats;

    private final PendingHandshakes pending;

    private final TrafficCounter trafficCounter;

    private final ConnectionErrorHandler errorHandler;

    private final AtomicLong connectionIds = new AtomicLong();

    ConnectionInitializer(FalcoServer.Settings settings, RequestDispatcher.RequestInvoker invoker,
            ChannelGroup connections, FalcoServerStats stats, PendingHandshakes pending) {
        this.keys = settings.keys();
        SessionHandshake.Offer offer = new SessionHandshake.Offer(
                settings.compression() ? SessionFeature.LZ4.mask() : 0, settings.maxInFlightPerSession(),
                settings.maxFrameSize(), settings.maxDecompressedBody(), settings.sessionKeyLifetime());
        this.policy = new HandshakeHandler.Policy(offer, settings.handshakeTimeout(), settings.refusePlainV1(),
                settings.acceptSessionVersion1(), settings.replayWindow(),
                new ReplayCache(settings.replayWindow(), settings.replayCacheCapacity(), System::nanoTime));
        this.compressionThreshold = settings.compressionThreshold();
        this.maxDecompressedBody = settings.maxDecompressedBody();
        this.aeadEngine = settings.aeadEngine();
        this.maxFrameSize = settings.maxFrameSize();
        this.maxConnections = settings.maxConnections();
        this.lifetime = settings.lifetime();
        this.maxPipelinedRequests = settings.maxPipelinedRequests();
        this.invoker = invoker;
        this.connections = connections;
        this.stats = stats;
        this.pending = pending;
        this.trafficCounter = new TrafficCounter(stats::received, stats::sent);
        this.errorHandler = new ConnectionErrorHandler(stats);
    }

    @Override
    protected void initChannel(Channel channel) {
        // at the limit, an unauthenticated connection makes room before an authenticated one is refused
        if (!this.stats.tryOpenConnection(this.maxConnections) && !(this.pending.evictOldest() && this.stats.openConnection())) {
            this.stats.connectionRejected();
            channel.close();
            return;
        }
        PendingHandshakes.Entry entry = this.pending.admit(channel);
        channel.closeFuture().addListener((future) -> {
            this.pending.done(entry);
            this.stats.connectionClosed();
        });
        this.connections.add(channel);
        ConnectionContext context = new ConnectionContext(this.connectionIds.incrementAndGet(),
                channel.remoteAddress());
        channel.pipeline()
            .addLast("traffic", this.trafficCounter)
            .addLast("decoder", new ClientFrameDecoder(this.maxFrameSize))
            .addLast("handshake", new HandshakeHandler(this.keys, this.aeadEngine, this.policy, this.stats,
                    new Establishment(context, entry)))
            .addLast("errors", this.errorHandler);
    }

    /**
     * Installs the stages of an established connection in the mode the handshake chose.
     */
    private final class Establishment implements HandshakeHandler.Establishment {

        private final ConnectionContext context;

        private final PendingHandshakes.Entry entry;

        Establishment(ConnectionContext context, PendingHandshakes.Entry entry) {
            this.context = context;
            this.entry = entry;
        }

        @Override
        public void v1(ChannelHandlerContext handshake, PayloadCipher cipher) {
            handshake.pipeline().addAfter(handshake.name(), "dispatcher", new RequestDispatcher(cipher, this.context,
                    ConnectionInitializer.this.invoker, ConnectionInitializer.this.maxPipelinedRequests,
                    ConnectionInitializer.this.stats));
        }

        @Override
        public void session(ChannelHandlerContext handshake, SessionHandshake.Session session) {
            SessionKeys keys = session.keys();
            AeadEngine engine = ConnectionInitializer.this.aeadEngine;
            Set<SessionFeature> features = SessionFeature.fromBits(session.features());
            Lz4BodyCompression compression = features.contains(SessionFeature.LZ4)
                    ? new Lz4BodyCompression(ConnectionInitializer.this.compressionThreshold,
                            ConnectionInitializer.this.maxDecompressedBody, session.peerMaxDecompressedBody())
                    : null;
            SessionFrameDecoder decoder = new SessionFrameDecoder(
                    new SessionCipher(engine, keys.clientToServerKey(), keys.clientToServerNonceBase()),
                    session.maxFrameSize(), compression);
            // replacing a decoder hands the bytes it still holds to its replacement
            handshake.pipeline().replace("decoder", "decoder", decoder);
            handshake.pipeline()
                .addAfter("decoder", "encoder", new SessionFrameEncoder(
                        new SessionCipher(engine, keys.serverToClientKey(), keys.serverToClientNonceBase()),
                        compression))
                .addAfter(handshake.name(), "dispatcher", new SessionDispatcher(this.context,
                        features, ConnectionInitializer.this.invoker,
                        session.maxInFlight(), ConnectionInitializer.this.stats, decoder));
        }

        @Override
        public void confirmed(ChannelHandlerContext handshake) {
            ConnectionInitializer.this.pending.done(this.entry);
            handshake.pipeline().addAfter(handshake.name(), "lifetime",
                    new LifetimeHandler(ConnectionInitializer.this.lifetime));
        }

    }

}
