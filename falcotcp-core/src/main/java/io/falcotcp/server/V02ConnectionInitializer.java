package io.falcotcp.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.v02.V02FrameDecoder;
import io.falcotcp.protocol.v02.V02Payload;
import io.falcotcp.protocol.v02.V02ServerCodec;
import io.falcotcp.transport.TrafficCounter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Sets up each connection accepted on the FalcoTCP 0.2 port, as {@link ConnectionInitializer} does for v1, with the
 * same connection limit, budgets and handler: socket → traffic counter → read gate → frame decoder (sizes checked
 * and reserved in the request budget) → flow control → lifetime (the idle timeout) → codec ({@link V02ServerCodec}
 * opens and decompresses, compresses and seals) → dispatcher, which takes one request at a time, as 0.2 has it.
 * <p>
 * 0.2 has no handshake: a connection counts as pending, within the pre-authentication budget (per address too),
 * until its first payload opens under the key, and is closed if that does not happen within the handshake timeout.
 * The server's first key is the 0.2 key: without a handshake there is no way to tell which of several keys a peer
 * uses but to try them all on every frame.
 */
final class V02ConnectionInitializer extends ChannelInitializer<Channel> {

    private final ServerKeys keys;

    private final AeadEngine aeadEngine;

    private final int maxFrameSize;

    private final int maxDecompressedBody;

    private final Duration handshakeTimeout;

    private final Duration idleTimeout;

    private final Duration writeStallTimeout;

    private final RequestInvoker.Factory invokers;

    private final FalcoServerStats stats;

    private final TrafficCounter trafficCounter;

    private final ConnectionErrorHandler errorHandler;

    private final ConnectionAdmission admission;

    V02ConnectionInitializer(FalcoServer.Settings settings, ServerKeys keys, RequestInvoker.Factory invokers,
            ConnectionAdmission admission, FalcoServerStats stats) {
        this.keys = keys;
        this.aeadEngine = settings.aeadEngine();
        this.maxFrameSize = settings.maxFrameSize();
        this.maxDecompressedBody = settings.maxDecompressedBody();
        this.handshakeTimeout = settings.handshakeTimeout();
        this.idleTimeout = settings.v02IdleTimeout();
        this.writeStallTimeout = settings.writeStallTimeout();
        this.invokers = invokers;
        this.stats = stats;
        this.trafficCounter = new TrafficCounter(stats::received, stats::sent);
        this.errorHandler = new ConnectionErrorHandler(stats);
        this.admission = admission;
    }

    @Override
    protected void initChannel(Channel channel) {
        // at the limit, a connection that has not proven the key yet makes room, of either port
        ConnectionAdmission.Admitted admitted = this.admission.admit(channel);
        if (admitted == null) {
            return;
        }
        ScheduledFuture<?> unproven = channel.eventLoop().schedule(() -> channel.close(),
                this.handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener((future) -> unproven.cancel(false));
        // the cipher is the connection's own: 0.2 connections are few next to v1's, and it keeps them independent
        PayloadCipher cipher = new PayloadCipher(this.keys.current().keys().get(0).newCipher(this.aeadEngine));
        channel.pipeline()
            .addLast("traffic", this.trafficCounter)
            .addLast("gate", admitted.gate())
            .addLast("decoder", new V02FrameDecoder(this.maxFrameSize, admitted.budget()))
            .addLast("flow", new FlowControlHandler())
            .addLast("lifetime", new LifetimeHandler(this.idleTimeout))
            .addLast("codec", new V02ServerCodec(new V02Payload(cipher, this.maxDecompressedBody),
                    admitted.budget(), () -> {
                        unproven.cancel(false);
                        admitted.proven();
                    }))
            // one request at a time: the dispatcher stops reading until the request is answered
            .addLast("dispatcher", new RequestDispatcher(admitted.context(), this.invokers, 1, this.stats,
                    admitted.budget(), this.writeStallTimeout))
            .addLast("errors", this.errorHandler);
    }

}
