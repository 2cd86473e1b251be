package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;

/**
 * Where the client side of a plain v1 connection encrypts and decrypts: seals each request ({@code byte[]}) into
 * a message frame, {@code 0x01 ‖ len: u64 ‖ nonce ‖ ciphertext ‖ tag}, in one exactly sized buffer, and opens each
 * {@link ResponseFrame} into a {@link V1Response} (the empty response, {@code len = 0}, has no body). A response that
 * does not authenticate raises a {@link ResponseAuthenticationException}: the stream can no longer be trusted.
 * <p>
 * One instance per connection, as its {@link PayloadCipher} is.
 */
public final class V1ClientCodec extends MessageToMessageCodec<ResponseFrame, byte[]> {

    private static final int HEADER_LENGTH = 1 + ProtocolV1.LENGTH_PREFIX;

    private final PayloadCipher cipher;

    /**
     * Creates the codec of one connection.
     * @param cipher the connection's payload cipher
     */
    public V1ClientCodec(PayloadCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] plaintext, List<Object> out) {
        ByteBuf frame = ctx.alloc().ioBuffer(HEADER_LENGTH + PayloadCipher.sealedLength(plaintext.length));
        try {
            frame.writeByte(ProtocolV1.TYPE_MESSAGE);
            this.cipher.sealLengthPrefixed(ByteBuffer.wrap(plaintext), frame);
        }
        catch (RuntimeException ex) {
            frame.release();
            throw ex;
        }
        out.add(frame);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ResponseFrame frame, List<Object> out) {
        if (frame.isEmptyResponse()) {
            out.add(V1Response.EMPTY);
            return;
        }
        byte[] plaintext = this.cipher.open(frame.content());
        if (plaintext == null) {
            throw new ResponseAuthenticationException();
        }
        out.add(new V1Response(plaintext));
    }

}
