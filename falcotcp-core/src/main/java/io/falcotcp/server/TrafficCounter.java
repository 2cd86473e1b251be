package io.falcotcp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes read from and written to every connection, at the socket end of the pipeline.
 */
@Sharable
final class TrafficCounter extends ChannelDuplexHandler {

    private final FalcoServerStats stats;

    TrafficCounter(FalcoServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            this.stats.received(bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            this.stats.sent(bytes.readableBytes());
        }
        ctx.write(msg, promise);
    }

}
