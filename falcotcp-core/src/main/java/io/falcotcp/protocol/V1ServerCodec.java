package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;

/**
 * Where the server side of a plain v1 connection decrypts and encrypts: opens each
 * {@link ClientFrame.Message} into a {@link V1Request} (a payload that does not open, or is shorter than 28 bytes,
 * becomes a request without a body, answered with the empty response) and seals each {@link V1Response} into
 * {@code len: u64 ‖ nonce ‖ ciphertext ‖ tag}, or the eight zero bytes of the empty response. Other frames pass
 * through unchanged.
 * <p>
 * The reservation a message took in the {@link InboundBudget} becomes the length of its plaintext. One instance
 * per connection, under the key the client authenticated with; the payload cipher may serve other connections of
 * the same event loop.
 */
public final class V1ServerCodec extends MessageToMessageCodec<ClientFrame.Message, V1Response> {

    private final PayloadCipher cipher;

    private final InboundBudget budget;

    /**
     * Creates the codec of one connection.
     * @param cipher the payload cipher of the key the client authenticated with
     * @param budget where the messages were reserved
     */
    public V1ServerCodec(PayloadCipher cipher, InboundBudget budget) {
        this.cipher = cipher;
        this.budget = budget;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ClientFrame.Message message, List<Object> out) {
        int reserved = message.content().readableBytes();
        byte[] plaintext = this.cipher.open(message.content());
        this.budget.release((plaintext != null) ? reserved - plaintext.length : reserved);
        out.add(new V1Request(plaintext));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, V1Response response, List<Object> out) {
        byte[] body = response.body();
        if (body == null) {
            out.add(ctx.alloc().ioBuffer(ProtocolV1.LENGTH_PREFIX).writeLong(0));
            return;
        }
        ByteBuf frame = ctx.alloc().ioBuffer(ProtocolV1.LENGTH_PREFIX + PayloadCipher.sealedLength(body.length));
        try {
            this.cipher.sealLengthPrefixed(ByteBuffer.wrap(body), frame);
        }
        catch (RuntimeException ex) {
            frame.release();
            throw ex;
        }
        out.add(frame);
    }

}
