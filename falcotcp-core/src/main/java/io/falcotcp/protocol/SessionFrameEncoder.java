package io.falcotcp.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.jspecify.annotations.Nullable;

/**
 * Encodes {@link SessionMessage}s into the session frames of one direction, {@code len: u32 ‖ ciphertext ‖ tag},
 * under the next counter.
 * <p>
 * One instance per connection and direction, as its {@link SessionCipher} is.
 */
public final class SessionFrameEncoder extends MessageToByteEncoder<SessionMessage> {

    private final SessionCipher sealer;

    private final @Nullable Lz4BodyCompression compression;

    /**
     * Creates an encoder.
     * @param sealer the cipher of the direction this encoder writes
     */
    public SessionFrameEncoder(SessionCipher sealer) {
        this(sealer, null);
    }

    /**
     * Creates an encoder for a connection that negotiated compression.
     * @param sealer the cipher of the direction this encoder writes
     * @param compression compresses request and response bodies above its threshold; {@code null} for none
     */
    public SessionFrameEncoder(SessionCipher sealer, @Nullable Lz4BodyCompression compression) {
        super(SessionMessage.class);
        this.sealer = sealer;
        this.compression = compression;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, SessionMessage message, boolean preferDirect) {
        int frameLength = SessionFrameDecoder.LENGTH_PREFIX + SessionCodec.encodedLength(message)
                + ProtocolV1.TAG_LENGTH;
        return preferDirect ? ctx.alloc().ioBuffer(frameLength) : ctx.alloc().heapBuffer(frameLength);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SessionMessage message, ByteBuf out) {
        byte[] compressed = compress(message);
        ByteBuf plaintext = ctx.alloc().heapBuffer(SessionCodec.encodedLength(message));
        try {
            SessionCodec.encode(message, compressed, plaintext);
            out.writeInt(plaintext.readableBytes() + ProtocolV1.TAG_LENGTH);
            this.sealer.seal(plaintext.nioBuffer(), out);
        }
        finally {
            plaintext.release();
        }
    }

    private byte @Nullable [] compress(SessionMessage message) {
        if (this.compression == null) {
            return null;
        }
        if (message instanceof SessionMessage.Request request) {
            return this.compression.compress(request.body());
        }
        if (message instanceof SessionMessage.Response response) {
            return this.compression.compress(response.body());
        }
        return null;
    }

}
