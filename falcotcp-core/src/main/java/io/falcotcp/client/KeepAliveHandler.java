package io.falcotcp.client;

import io.falcotcp.protocol.ProtocolV1;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Writes the one-byte v1 ping {@code 0x02} when a plain v1 connection has written nothing for the ping interval, so
 * that the server's lifetime, which each message or ping resets, does not run out on an idle connection. Placed
 * after an {@link io.netty.handler.timeout.IdleStateHandler} that reports writer idleness. Session-mode
 * connections use {@link SessionKeepAliveHandler}.
 */
final class KeepAliveHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            ctx.writeAndFlush(ctx.alloc().ioBuffer(1).writeByte(ProtocolV1.TYPE_PING))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

}
