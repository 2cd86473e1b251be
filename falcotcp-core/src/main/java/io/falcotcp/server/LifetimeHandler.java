package io.falcotcp.server;

import io.falcotcp.protocol.ClientFrame;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.protocol.v02.V02Frame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The stage that tells a connection's {@link ConnectionLifetime} what arrives: messages and pings, of v1 or of the
 * session mode, and FalcoTCP 0.2 frames reset the lifetime; other frames do not. A v1 ping ends here: resetting the
 * lifetime is all it does; a session ping goes on to the dispatcher, which answers it with a pong. Added when the
 * connection is established (which starts the lifetime's timer) and again each time it wakes from its dormant shape.
 */
final class LifetimeHandler extends ChannelInboundHandlerAdapter {

    private final ConnectionLifetime lifetime;

    LifetimeHandler(ConnectionLifetime lifetime) {
        this.lifetime = lifetime;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.lifetime.start(ctx.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        this.lifetime.stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ClientFrame.Ping) {
            this.lifetime.activity();
            return;
        }
        if (msg instanceof ClientFrame.Message || msg instanceof SessionMessage || msg instanceof V02Frame) {
            this.lifetime.activity();
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Fired into a session-mode connection when its keys reach the session key lifetime.
     */
    enum KeyLifetimeExpired {

        /** The only instance. */
        INSTANCE

    }

}
