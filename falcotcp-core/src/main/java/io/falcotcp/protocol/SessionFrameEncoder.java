package io.falcotcp.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link SessionMessage}s into the session frames of one direction, {@code len: u32 ‖ ciphertext ‖ tag},
 * under the next counter.
 * <p>
 * One instance per connection and direction, as its {@link SessionCipher} is.
 */
public final class SessionFrameEncoder extends MessageToByteEncoder<SessionMessage> {

    private final SessionCipher sealer;

    /**
     * Creates an encoder.
     * @param sealer the cipher of the direction this encoder writes
     */
    public SessionFrameEncoder(SessionCipher sealer) {
        super(SessionMessage.class);
        this.sealer = sealer;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, SessionMessage message, boolean preferDirect) {
        int frameLength = SessionFrameDecoder.LENGTH_PREFIX + SessionCodec.encodedLength(message)
                + ProtocolV1.TAG_LENGTH;
        return preferDirect ? ctx.alloc().ioBuffer(frameLength) : ctx.alloc().heapBuffer(frameLength);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SessionMessage message, ByteBuf out) {
        ByteBuf plaintext = ctx.alloc().heapBuffer(SessionCodec.encodedLength(message));
        try {
            SessionCodec.encode(message, plaintext);
            out.writeInt(plaintext.readableBytes() + ProtocolV1.TAG_LENGTH);
            this.sealer.seal(plaintext.nioBuffer(), out);
        }
        finally {
            plaintext.release();
        }
    }

}
