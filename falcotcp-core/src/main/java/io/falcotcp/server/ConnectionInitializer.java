package io.falcotcp.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.SessionKeys;
import io.falcotcp.protocol.ClientFrameDecoder;
import io.falcotcp.protocol.Lz4BodyCompression;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.SessionCipher;
import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.protocol.SessionFrameDecoder;
import io.falcotcp.protocol.SessionHandshake;
import io.falcotcp.protocol.SessionMessageCodec;
import io.falcotcp.protocol.SessionSegments;
import io.falcotcp.protocol.V1ServerCodec;
import io.falcotcp.transport.TrafficCounter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.flow.FlowControlHandler;
import org.jspecify.annotations.Nullable;

/**
 * Sets up each accepted connection: admits it ({@link ConnectionAdmission}: connection limit, pre-authentication
 * budget, request budget), then builds the handshake pipeline; the handshake installs the dispatch stages, and the
 * lifetime once the client has proven itself.
 * <p>
 * The data flows one way, the same in both modes: socket → traffic counter → read gate → frame decoder (framing,
 * lengths checked and reserved in the request budget) → flow control → codec (opens requests, seals responses:
 * {@link V1ServerCodec} or {@link SessionMessageCodec}) → lifetime → dispatcher → handler, and the responses back
 * through the codec. In plain v1 the lifetime stands before the codec (it only looks at frame types); in session
 * mode the handshake waits after the codec for the first opened frame.
 */
final class ConnectionInitializer extends ChannelInitializer<Channel> {

    private final ServerKeys keys;

    private final HandshakeHandler.Policy policy;

    private final int compressionThreshold;

    private final int maxDecompressedBody;

    private final AeadEngine aeadEngine;

    private final int maxFrameSize;

    private final Duration lifetime;

    private final int maxPipelinedRequests;

    private final Duration sessionKeyLifetime;

    private final Duration writeStallTimeout;

    private final RequestInvoker.Factory invokers;

    private final FalcoServerStats stats;

    private final TrafficCounter trafficCounter;

    private final ConnectionErrorHandler errorHandler;

    private final ConnectionAdmission admission;

    ConnectionInitializer(FalcoServer.Settings settings, ServerKeys keys, RequestInvoker.Factory invokers,
            ConnectionAdmission admission, FalcoServerStats stats) {
        this.keys = keys;
        SessionHandshake.Offer offer = new SessionHandshake.Offer(
                (settings.compression() ? SessionFeature.LZ4.mask() : 0) | SessionFeature.SEGMENTS.mask()
                        | SessionFeature.METADATA.mask(),
                settings.maxInFlightPerSession(),
                settings.maxFrameSize(), settings.maxDecompressedBody(), settings.sessionKeyLifetime());
        this.policy = new HandshakeHandler.Policy(offer, settings.handshakeTimeout(), settings.refusePlainV1(),
                settings.acceptSessionVersion1(), settings.replayWindow(),
                new ReplayCache(settings.replayWindow(), settings.replayCacheCapacity(), System::nanoTime));
        this.compressionThreshold = settings.compressionThreshold();
        this.maxDecompressedBody = settings.maxDecompressedBody();
        this.aeadEngine = settings.aeadEngine();
        this.maxFrameSize = settings.maxFrameSize();
        this.lifetime = settings.lifetime();
        this.maxPipelinedRequests = settings.maxPipelinedRequests();
        this.sessionKeyLifetime = settings.sessionKeyLifetime();
        this.writeStallTimeout = settings.writeStallTimeout();
        this.invokers = invokers;
        this.stats = stats;
        this.trafficCounter = new TrafficCounter(stats::received, stats::sent);
        this.errorHandler = new ConnectionErrorHandler(stats);
        this.admission = admission;
    }

    @Override
    protected void initChannel(Channel channel) {
        // at the limit, an unauthenticated connection makes room before an authenticated one is refused
        ConnectionAdmission.Admitted admitted = this.admission.admit(channel);
        if (admitted == null) {
            return;
        }
        EventLoopCiphers keys = this.keys.current();
        channel.pipeline()
            .addLast("traffic", this.trafficCounter)
            .addLast("gate", admitted.gate())
            .addLast("decoder", new ClientFrameDecoder(this.maxFrameSize, admitted.budget()))
            .addLast("flow", new FlowControlHandler())
            .addLast("handshake", new HandshakeHandler(keys.keys(), keys.of(channel.eventLoop()),
                    this.aeadEngine, this.policy, this.stats, new Establishment(admitted)))
            .addLast("errors", this.errorHandler);
    }

    /**
     * Installs the stages of an established connection in the mode the handshake chose.
     */
    private final class Establishment implements HandshakeHandler.Establishment {

        private final ConnectionAdmission.Admitted admitted;

        private final ConnectionContext context;

        private final RequestBudget budget;

        private @Nullable LifetimeHandler lifetime;

        Establishment(ConnectionAdmission.Admitted admitted) {
            this.admitted = admitted;
            this.context = admitted.context();
            this.budget = admitted.budget();
        }

        @Override
        public void v1(ChannelHandlerContext handshake, PayloadCipher cipher) {
            handshake.pipeline()
                .addAfter(handshake.name(), "codec", new V1ServerCodec(cipher, this.budget))
                .addAfter("codec", "dispatcher", new RequestDispatcher(this.context,
                        ConnectionInitializer.this.invokers, ConnectionInitializer.this.maxPipelinedRequests,
                        ConnectionInitializer.this.stats, this.budget, ConnectionInitializer.this.writeStallTimeout));
            this.lifetime = new LifetimeHandler(ConnectionInitializer.this.lifetime);
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
            // replacing a decoder hands the bytes it still holds to its replacement
            handshake.pipeline().replace("decoder", "decoder",
                    new SessionFrameDecoder(session.maxFrameSize(), this.budget));
            handshake.pipeline()
                .addBefore(handshake.name(), "codec", new SessionMessageCodec(
                        new SessionCipher(engine, keys.clientToServerKey(), keys.clientToServerNonceBase()),
                        new SessionCipher(engine, keys.serverToClientKey(), keys.serverToClientNonceBase()),
                        compression, this.budget, features.contains(SessionFeature.SEGMENTS)
                                ? new SessionSegments(session.maxFrameSize()) : null,
                        ConnectionInitializer.this.maxFrameSize, features.contains(SessionFeature.METADATA)))
                .addAfter(handshake.name(), "dispatcher", new SessionDispatcher(this.context,
                        features, ConnectionInitializer.this.invokers, session.maxInFlight(),
                        ConnectionInitializer.this.stats, this.budget, ConnectionInitializer.this.writeStallTimeout));
            this.lifetime = new LifetimeHandler(ConnectionInitializer.this.lifetime,
                    ConnectionInitializer.this.sessionKeyLifetime);
        }

        @Override
        public void confirmed(ChannelHandlerContext handshake) {
            this.admitted.proven();
            handshake.pipeline().addAfter(handshake.name(), "lifetime", Objects.requireNonNull(this.lifetime));
        }

    }

}
