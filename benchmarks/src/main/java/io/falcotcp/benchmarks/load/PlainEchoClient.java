package io.falcotcp.benchmarks.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Client of {@link PlainEchoServer}: pipelined requests over a few connections, answered in order, returned as
 * {@code byte[]} like the FalcoTCP client does.
 */
final class PlainEchoClient implements EchoClient {

    private final EventLoopGroup group;

    private final List<Channel> channels = new ArrayList<>();

    private final AtomicInteger next = new AtomicInteger();

    PlainEchoClient(Transport transport, int port, int connections) {
        this.group = transport.newEventLoopGroup(1, "plain-client");
        Bootstrap bootstrap = new Bootstrap().group(this.group)
            .channel(transport.clientChannelClass())
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(PlainEchoServer.MAX_FRAME, 0, 8, 0, 8),
                            new Responses());
                }
            });
        for (int i = 0; i < connections; i++) {
            this.channels.add(bootstrap.connect("127.0.0.1", port).syncUninterruptibly().channel());
        }
    }

    @Override
    public CompletableFuture<byte[]> echo(byte[] payload) {
        Channel channel = this.channels.get(Math.floorMod(this.next.getAndIncrement(), this.channels.size()));
        CompletableFuture<byte[]> response = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            channel.pipeline().get(Responses.class).pending.add(response);
            ByteBuf frame = channel.alloc().buffer(8 + payload.length);
            frame.writeLong(payload.length).writeBytes(payload);
            channel.writeAndFlush(frame, channel.voidPromise());
        });
        return response;
    }

    @Override
    public void close() {
        this.channels.forEach(EventLoops::close);
        EventLoops.shutDown(this.group, "plain echo client");
    }

    private static final class Responses extends SimpleChannelInboundHandler<ByteBuf> {

        final ArrayDeque<CompletableFuture<byte[]>> pending = new ArrayDeque<>();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            this.pending.remove().complete(ByteBufUtil.getBytes(frame));
        }

    }

}
