package io.falcotcp.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.ClientFrameDecoder;
import io.falcotcp.protocol.PayloadCipher;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;

/**
 * Sets up each accepted connection: enforces the connection limit, then builds the handshake pipeline; the
 * handshake installs the lifetime and dispatch stages once the client has authenticated.
 * <p>
 * Pipeline of an established connection: traffic counter → frame decoder → lifetime → dispatcher → error handler.
 */
final class ConnectionInitializer extends ChannelInitializer<Channel> {

    private final FalcoKey key;

    private final AeadEngine aeadEngine;

    private final int maxFrameSize;

    private final int maxConnections;

    private final Duration handshakeTimeout;

    private final Duration lifetime;

    private final int maxPipelinedRequests;

    private final RequestDispatcher.RequestInvoker invoker;

    private final ChannelGroup connections;

    private final FalcoServerStats stats;

    private final TrafficCounter trafficCounter;

    private final ConnectionErrorHandler errorHandler;

    private final AtomicLong connectionIds = new AtomicLong();

    ConnectionInitializer(FalcoServer.Settings settings, RequestDispatcher.RequestInvoker invoker,
            ChannelGroup connections, FalcoServerStats stats) {
        this.key = settings.key();
        this.aeadEngine = settings.aeadEngine();
        this.maxFrameSize = settings.maxFrameSize();
        this.maxConnections = settings.maxConnections();
        this.handshakeTimeout = settings.handshakeTimeout();
        this.lifetime = settings.lifetime();
        this.maxPipelinedRequests = settings.maxPipelinedRequests();
        this.invoker = invoker;
        this.connections = connections;
        this.stats = stats;
        this.trafficCounter = new TrafficCounter(stats);
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
        PayloadCipher cipher = new PayloadCipher(this.key.newCipher(this.aeadEngine));
        ConnectionContext context = new ConnectionContext(this.connectionIds.incrementAndGet(),
                channel.remoteAddress());
        channel.pipeline()
            .addLast("traffic", this.trafficCounter)
            .addLast("decoder", new ClientFrameDecoder(this.maxFrameSize))
            .addLast("handshake", new HandshakeHandler(cipher, this.handshakeTimeout, this.stats,
                    (handshake) -> establish(handshake, cipher, context)))
            .addLast("errors", this.errorHandler);
    }

    private void establish(ChannelHandlerContext handshake, PayloadCipher cipher, ConnectionContext context) {
        handshake.pipeline()
            .addAfter(handshake.name(), "lifetime", new LifetimeHandler(this.lifetime))
            .addAfter("lifetime", "dispatcher",
                    new RequestDispatcher(cipher, context, this.invoker, this.maxPipelinedRequests, this.stats));
    }

}
