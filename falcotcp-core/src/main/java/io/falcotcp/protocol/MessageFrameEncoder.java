package io.falcotcp.protocol;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes a plaintext request into a v1 message frame,
 * {@code 0x01 ‖ len: u64 big-endian ‖ nonce ‖ ciphertext ‖ tag}, sealed straight into one exactly sized buffer.
 * <p>
 * One instance per connection, as its {@link PayloadCipher} is.
 */
public final class MessageFrameEncoder extends MessageToByteEncoder<byte[]> {

    private static final int HEADER_LENGTH = 1 + ProtocolV1.LENGTH_PREFIX;

    private final PayloadCipher cipher;

    /**
     * Creates an encoder.
     * @param cipher the connection's payload cipher
     */
    public MessageFrameEncoder(PayloadCipher cipher) {
        super(byte[].class);
        this.cipher = cipher;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, byte[] plaintext, boolean preferDirect) {
        int frameLength = HEADER_LENGTH + PayloadCipher.sealedLength(plaintext.length);
        return preferDirect ? ctx.alloc().ioBuffer(frameLength) : ctx.alloc().heapBuffer(frameLength);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] plaintext, ByteBuf out) {
        out.writeByte(ProtocolV1.TYPE_MESSAGE);
        this.cipher.sealLengthPrefixed(ByteBuffer.wrap(plaintext), out);
    }

}
