package io.falcotcp.transport;

import java.util.Objects;
import java.util.function.LongConsumer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes read from and written to connections; placed at the socket end of a pipeline, it sees the wire
 * bytes. One instance serves every connection of a server or client.
 */
@Sharable
public final class TrafficCounter extends ChannelDuplexHandler {

    private final LongConsumer received;

    private final LongConsumer sent;

    /**
     * Creates a counter.
     * @param received told the size of each buffer read
     * @param sent told the size of each buffer written
     */
    public TrafficCounter(LongConsumer received, LongConsumer sent) {
        this.received = Objects.requireNonNull(received, "received must not be null");
        this.sent = Objects.requireNonNull(sent, "sent must not be null");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            this.received.accept(bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            this.sent.accept(bytes.readableBytes());
        }
        ctx.write(msg, promise);
    }

}
