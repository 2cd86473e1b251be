package io.falcotcp.server;

import java.io.IOException;

import io.falcotcp.protocol.ClientFrameException;
import io.falcotcp.protocol.FrameTooLargeException;
import io.falcotcp.protocol.SessionProtocolException;
import io.falcotcp.protocol.v02.V02FrameException;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of every connection: closes the connection on any error that reached it.
 * <p>
 * Framing errors and I/O errors are the peer's doing and are logged at debug level only, so that a misbehaving
 * client cannot flood the log.
 */
@Sharable
final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(ConnectionErrorHandler.class);

    private final FalcoServerStats stats;

    ConnectionErrorHandler(FalcoServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof FrameTooLargeException) {
            this.stats.oversizedFrame();
        }
        else if (cause instanceof SessionProtocolException) {
            this.stats.sessionProtocolError();
        }
        if (cause instanceof ClientFrameException || cause instanceof V02FrameException
                || cause instanceof IOException) {
            logger.debug("Closing FalcoTCP connection {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        }
        else {
            logger.warn("Closing FalcoTCP connection {} after an unexpected error", ctx.channel().remoteAddress(),
                    cause);
        }
        ctx.close();
    }

}
