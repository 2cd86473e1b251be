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
 * Sets up each accepted connection: enforces the connection limit, then builds the handshake pipeline; the
 * handshake installs the lifetime and dispatch stages once the client has authenticated.
 * <p>
 * Pipeline of an established connection: traffic counter → frame decoder → lifetime → dispatcher → error handler;
 * in session mode the v1 frame decoder is replaced by the session frame decoder, a session frame encoder follows
 * it and the dispatcher is the session dispatcher.
 */
final class ConnectionInitializer extends ChannelInitializer<Channel> {

    private final List<FalcoKey> keys;

    private final HandshakeHandler.SessionOffer offer;

    private final int compressionThreshold;

    private final AeadEngine aeadEngine;

    private final int maxFrameSize;

    private final int maxConnections;

    private final Duration handshakeTimeout;

    private final Duration lifetime;

    private final int maxPipelinedRequests;

    private final RequestInvoker.Factory invokers;

    private final ChannelGroup connections;

    private final FalcoServerStats stats;

    private final TrafficCounter trafficCounter;

    private final ConnectionErrorHandler errorHandler;

    private final AtomicLong connectionIds = new AtomicLong();

    ConnectionInitializer(FalcoServer.Settings settings, RequestInvoker.Factory invokers,
            ChannelGroup connections, FalcoServerStats stats) {
        this.keys = settings.keys();
        this.offer = new HandshakeHandler.SessionOffer(settings.compression() ? SessionFeature.LZ4.mask() : 0,
                settings.maxInFlightPerSession(), settings.maxFrameSize(), settings.refusePlainV1());
        this.compressionThreshold = settings.compressionThreshold();
        this.aeadEngine = settings.aeadEngine();
        this.maxFrameSize = settings.maxFrameSize();
        this.maxConnections = settings.maxConnections();
        this.handshakeTimeout = settings.handshakeTimeout();
        this.lifetime = settings.lifetime();
        this.maxPipelinedRequests = settings.maxPipelinedRequests();
        this.invokers = invokers;
        this.connections = connections;
        this.stats = stats;
        this.trafficCounter = new TrafficCounter(stats::received, stats::sent);
        this.errorHandler = new ConnectionErrorHandler(stats);
    }

    @Override
    protected void initChannel(Channel channel) {
        if (!this.stats.tryOpenConnection(this.maxConnections)) {
            channel.close();
            return;
        }
        channel.closeFuture().addListener((future) -> this.stats.connectionClosed());
        this.connections.add(channel);
        ConnectionContext context = new ConnectionContext(this.connectionIds.incrementAndGet(),
                channel.remoteAddress());
        channel.pipeline()
            .addLast("traffic", this.trafficCounter)
            .addLast("decoder", new ClientFrameDecoder(this.maxFrameSize))
            .addLast("handshake", new HandshakeHandler(this.keys, this.aeadEngine, this.offer,
                    this.handshakeTimeout, this.stats, new Establishment(context)))
            .addLast("errors", this.errorHandler);
    }

    /**
     * Installs the stages of an established connection in the mode the handshake chose.
     */
    private final class Establishment implements HandshakeHandler.Establishment {

        private final ConnectionContext context;

        Establishment(ConnectionContext context) {
            this.context = context;
        }

        @Override
        public void v1(ChannelHandlerContext handshake, PayloadCipher cipher) {
            handshake.pipeline()
                .addAfter(handshake.name(), "lifetime", new LifetimeHandler(ConnectionInitializer.this.lifetime))
                .addAfter("lifetime", "dispatcher", new RequestDispatcher(cipher, this.context,
                        ConnectionInitializer.this.invokers, ConnectionInitializer.this.maxPipelinedRequests,
                        ConnectionInitializer.this.stats));
        }

        @Override
        public void session(ChannelHandlerContext handshake, SessionHandshake.Session session) {
            SessionKeys keys = session.keys();
            AeadEngine engine = ConnectionInitializer.this.aeadEngine;
            // replacing a decoder hands the bytes it still holds to its replacement
            Set<SessionFeature> features = SessionFeature.fromBits(session.features());
            Lz4BodyCompression compression = features.contains(SessionFeature.LZ4)
                    ? new Lz4BodyCompression(ConnectionInitializer.this.compressionThreshold, session.maxFrameSize())
                    : null;
            SessionFrameDecoder decoder = new SessionFrameDecoder(
                    new SessionCipher(engine, keys.clientToServerKey(), keys.clientToServerNonceBase()),
                    session.maxFrameSize(), compression);
            handshake.pipeline().replace("decoder", "decoder", decoder);
            handshake.pipeline()
                .addAfter("decoder", "encoder", new SessionFrameEncoder(
                        new SessionCipher(engine, keys.serverToClientKey(), keys.serverToClientNonceBase()),
                        compression))
                .addAfter(handshake.name(), "lifetime", new LifetimeHandler(ConnectionInitializer.this.lifetime))
                .addAfter("lifetime", "dispatcher", new SessionDispatcher(this.context,
                        features, ConnectionInitializer.this.invokers,
                        session.maxInFlight(), ConnectionInitializer.this.stats, decoder));
        }

    }

}
