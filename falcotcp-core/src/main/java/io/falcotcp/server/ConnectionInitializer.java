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
import io.falcotcp.protocol.SessionEnd;
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
import io.netty.channel.ChannelPipeline;
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
 * <p>
 * An established connection that receives nothing for a while takes its dormant shape, one stage in place of these
 * eight, and gets new ones back in the same order with its next event ({@link DormantConnection}).
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
                        | SessionFeature.METADATA.mask() | SessionFeature.GOING_AWAY.mask()
                        | SessionFeature.BATCHES.mask(),
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

        private @Nullable DormantConnection connection;

        Establishment(ConnectionAdmission.Admitted admitted) {
            this.admitted = admitted;
        }

        @Override
        public void v1(ChannelHandlerContext handshake, PayloadCipher cipher) {
            V1Connection connection = new V1Connection(this.admitted.context(), this.admitted.budget(), cipher);
            handshake.pipeline()
                .addAfter(handshake.name(), "codec", connection.newCodec())
                .addAfter("codec", "dispatcher", connection.newDispatcher());
            this.connection = connection;
        }

        @Override
        public void session(ChannelHandlerContext handshake, SessionHandshake.Session session) {
            SessionConnection connection = new SessionConnection(this.admitted.context(), this.admitted.budget(),
                    session);
            // replacing a decoder hands the bytes it still holds to its replacement
            handshake.pipeline().replace("decoder", "decoder", connection.newDecoder());
            handshake.pipeline()
                .addBefore(handshake.name(), "codec", connection.newCodec())
                .addAfter(handshake.name(), "dispatcher", connection.newDispatcher());
            this.connection = connection;
        }

        @Override
        public void confirmed(ChannelHandlerContext handshake) {
            this.admitted.proven();
            handshake.pipeline().addAfter(handshake.name(), "lifetime",
                    new LifetimeHandler(Objects.requireNonNull(this.connection)));
        }

    }

    /**
     * An established plain v1 connection: the stages it gets back when it wakes, and what it keeps while dormant
     * (the cipher of the key it authenticated with, shared by the event loop's connections).
     */
    private final class V1Connection extends DormantConnection {

        private final ConnectionContext context;

        private final PayloadCipher cipher;

        V1Connection(ConnectionContext context, RequestBudget budget, PayloadCipher cipher) {
            super(ConnectionInitializer.this.lifetime, null, budget);
            this.context = context;
            this.cipher = cipher;
        }

        V1ServerCodec newCodec() {
            return new V1ServerCodec(this.cipher, budget());
        }

        RequestDispatcher newDispatcher() {
            return new RequestDispatcher(this.context, ConnectionInitializer.this.invokers,
                    ConnectionInitializer.this.maxPipelinedRequests, ConnectionInitializer.this.stats, budget(),
                    ConnectionInitializer.this.writeStallTimeout);
        }

        @Override
        void addStages(ChannelPipeline pipeline) {
            pipeline.addLast("traffic", ConnectionInitializer.this.trafficCounter)
                .addLast("gate", new ReadGate())
                .addLast("decoder", new ClientFrameDecoder(ConnectionInitializer.this.maxFrameSize, budget(), true))
                .addLast("flow", new FlowControlHandler())
                .addLast("lifetime", new LifetimeHandler(this))
                .addLast("codec", newCodec())
                .addLast("dispatcher", newDispatcher())
                .addLast("errors", ConnectionInitializer.this.errorHandler);
        }

        @Override
        ConnectionErrorHandler errors() {
            return ConnectionInitializer.this.errorHandler;
        }

        @Override
        boolean decoderHoldsBytes(ChannelPipeline pipeline) {
            ClientFrameDecoder decoder = pipeline.get(ClientFrameDecoder.class);
            return decoder == null || decoder.holdsBytes();
        }

    }

    /**
     * An established session-mode connection: the stages it gets back when it wakes, and what it keeps while
     * dormant (the keys, nonce bases and counters of both directions, what was negotiated). Dozing drops the AES-GCM
     * ciphers; the next frame creates them again.
     */
    private final class SessionConnection extends DormantConnection {

        private final ConnectionContext context;

        private final SessionCipher opener;

        private final SessionCipher sealer;

        private final @Nullable Lz4BodyCompression compression;

        private final @Nullable SessionSegments segments;

        private final Set<SessionFeature> features;

        private final int maxInFlight;

        private final int maxFrameSize;

        SessionConnection(ConnectionContext context, RequestBudget budget, SessionHandshake.Session session) {
            super(ConnectionInitializer.this.lifetime, ConnectionInitializer.this.sessionKeyLifetime, budget);
            SessionKeys keys = session.keys();
            AeadEngine engine = ConnectionInitializer.this.aeadEngine;
            this.context = context;
            this.opener = new SessionCipher(engine, keys.clientToServerKey(), keys.clientToServerNonceBase());
            this.sealer = new SessionCipher(engine, keys.serverToClientKey(), keys.serverToClientNonceBase());
            this.features = SessionFeature.fromBits(session.features());
            this.compression = this.features.contains(SessionFeature.LZ4)
                    ? new Lz4BodyCompression(ConnectionInitializer.this.compressionThreshold,
                            ConnectionInitializer.this.maxDecompressedBody, session.peerMaxDecompressedBody())
                    : null;
            this.segments = this.features.contains(SessionFeature.SEGMENTS)
                    ? new SessionSegments(session.maxFrameSize()) : null;
            this.maxInFlight = session.maxInFlight();
            this.maxFrameSize = session.maxFrameSize();
        }

        SessionFrameDecoder newDecoder() {
            return new SessionFrameDecoder(this.maxFrameSize, budget());
        }

        SessionMessageCodec newCodec() {
            return new SessionMessageCodec(this.opener, this.sealer, this.compression, budget(), this.segments,
                    ConnectionInitializer.this.maxFrameSize, this.features.contains(SessionFeature.METADATA),
                    this.features.contains(SessionFeature.BATCHES) ? SessionEnd.SERVER : null);
        }

        SessionDispatcher newDispatcher() {
            return new SessionDispatcher(this.context, this.features, ConnectionInitializer.this.invokers,
                    this.maxInFlight, ConnectionInitializer.this.stats, budget(),
                    ConnectionInitializer.this.writeStallTimeout);
        }

        @Override
        void addStages(ChannelPipeline pipeline) {
            pipeline.addLast("traffic", ConnectionInitializer.this.trafficCounter)
                .addLast("gate", new ReadGate())
                .addLast("decoder", newDecoder())
                .addLast("flow", new FlowControlHandler())
                .addLast("codec", newCodec())
                .addLast("lifetime", new LifetimeHandler(this))
                .addLast("dispatcher", newDispatcher())
                .addLast("errors", ConnectionInitializer.this.errorHandler);
        }

        @Override
        ConnectionErrorHandler errors() {
            return ConnectionInitializer.this.errorHandler;
        }

        @Override
        boolean decoderHoldsBytes(ChannelPipeline pipeline) {
            SessionFrameDecoder decoder = pipeline.get(SessionFrameDecoder.class);
            return decoder == null || decoder.holdsBytes();
        }

        @Override
        void dozed() {
            this.opener.release();
            this.sealer.release();
        }

    }

}
