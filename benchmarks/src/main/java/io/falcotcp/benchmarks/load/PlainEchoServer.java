package io.falcotcp.benchmarks.load;

import java.net.InetSocketAddress;

import io.falcotcp.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * The ceiling: a Netty echo server with the same u64 length prefix as FalcoTCP but no handshake and no crypto.
 */
final class PlainEchoServer implements AutoCloseable {

    static final int MAX_FRAME = 16 * 1024 * 1024;

    private final EventLoopGroup group;

    private final Channel channel;

    PlainEchoServer(Transport transport) {
        this.group = transport.newEventLoopGroup(0, "plain-echo");
        LengthFieldPrepender prepender = new LengthFieldPrepender(8);
        Echo echo = new Echo();
        this.channel = new ServerBootstrap().group(this.group)
            .channel(transport.serverChannelClass())
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 8, 0, 8), prepender, echo);
                }
            })
            .bind("127.0.0.1", 0)
            .syncUninterruptibly()
            .channel();
    }

    int port() {
        return ((InetSocketAddress) this.channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        EventLoops.close(this.channel);
        EventLoops.shutDown(this.group, "plain echo server");
    }

    @Sharable
    private static final class Echo extends SimpleChannelInboundHandler<ByteBuf> {

        Echo() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            ctx.write(frame);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

    }

}
