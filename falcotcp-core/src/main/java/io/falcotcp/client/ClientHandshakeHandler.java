package io.falcotcp.client;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;

import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.ProtocolV1;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Promise;

/**
 * Establishes a v1 connection: writes the 157-byte auth frame ({@code 0x00 ‖ seal(128 random bytes)}) once the
 * socket is connected and reads the server's one-byte answer, then removes itself so that the bytes after it reach
 * the response decoder.
 * <p>
 * {@code 0xFF} completes {@code established}. {@code 0x00} (FalcoTCP-Py) and a close without answer (the
 * reference behaviour) both mean the key was rejected and fail it with {@link FalcoAuthenticationException}; any
 * other byte fails it with {@link FalcoProtocolException}.
 */
final class ClientHandshakeHandler extends ByteToMessageDecoder {

    private static final SecureRandom random = new SecureRandom();

    private final PayloadCipher cipher;

    private final Promise<Void> established;

    private final String endpoint;

    ClientHandshakeHandler(PayloadCipher cipher, Promise<Void> established, String endpoint) {
        this.cipher = cipher;
        this.established = established;
        this.endpoint = endpoint;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        byte[] challenge = new byte[ProtocolV1.AUTH_PLAINTEXT_LENGTH];
        random.nextBytes(challenge);
        ByteBuf frame = ctx.alloc().ioBuffer(ProtocolV1.AUTH_FRAME_LENGTH);
        frame.writeByte(ProtocolV1.TYPE_AUTH);
        this.cipher.seal(ByteBuffer.wrap(challenge), frame);
        ctx.writeAndFlush(frame).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        byte answer = in.readByte();
        if (answer == ProtocolV1.ACK_ACCEPTED) {
            ctx.pipeline().remove(this);
            this.established.trySuccess(null);
        }
        else if (answer == ProtocolV1.ACK_REJECTED) {
            reject(ctx, in, new FalcoAuthenticationException("the server at " + this.endpoint + " rejected the key "
                    + "(it answered 0x00): client and server must use the same FalcoTCP key"));
        }
        else {
            reject(ctx, in, new FalcoProtocolException("the server at " + this.endpoint + " answered the "
                    + "authentication with 0x" + Integer.toHexString(answer & 0xFF) + " instead of 0xFF or 0x00: "
                    + "it does not speak FalcoTCP v1"));
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, Exception failure) {
        // nothing after a rejection is meaningful
        in.skipBytes(in.readableBytes());
        this.established.tryFailure(failure);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        this.established.tryFailure(new FalcoAuthenticationException("the server at " + this.endpoint
                + " closed the connection without accepting the key: client and server must use the same "
                + "FalcoTCP key (a v1 server closes silently on a wrong key; it also closes new connections when "
                + "it is at its connection limit)"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        this.established.tryFailure(new FalcoConnectionException("connection to " + this.endpoint
                + " failed during authentication: " + cause.getMessage(), cause));
        ctx.close();
    }

}
