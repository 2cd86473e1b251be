package io.falcotcp.protocol;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Splits the session frames of one direction, {@code len: u32 ‖ ciphertext ‖ tag}, into {@link SessionFrame}s:
 * retained slices of the received bytes, opened later by {@link SessionMessageCodec}. The length is checked before
 * anything is allocated, and reserved in the connection's {@link InboundBudget} before the body is buffered
 * (without room the frame stays unread until the budget resumes the decoder).
 * <p>
 * A length out of range raises a {@link SessionProtocolException}, after which every further byte is discarded: a
 * session stream that broke once cannot be trusted again, and the connection is closed; so are the bytes after a
 * frame that failed to open, once that failure has closed the connection.
 */
public final class SessionFrameDecoder extends ByteToMessageDecoder {

    /** Length prefix of a session frame: u32 big-endian. */
    public static final int LENGTH_PREFIX = Integer.BYTES;

    private final int maxFrameSize;

    private final InboundBudget budget;

    private boolean failed;

    private boolean reserved;

    private final FrameCumulator cumulator = new FrameCumulator();

    /**
     * Creates a decoder.
     * @param maxFrameSize the largest accepted {@code len}
     * @param budget where frame lengths are reserved before their bodies are read
     */
    public SessionFrameDecoder(int maxFrameSize, InboundBudget budget) {
        this.maxFrameSize = maxFrameSize;
        this.budget = budget;
        setCumulator(this.cumulator);
    }

    /**
     * Whether it holds bytes of a frame that is not complete yet.
     * @return {@code true} when it does
     */
    public boolean holdsBytes() {
        return actualReadableBytes() > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // a frame that failed to open further on has closed the connection: what follows cannot be trusted
        if (this.failed || !ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < LENGTH_PREFIX) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length < ProtocolV1.TAG_LENGTH || length > this.maxFrameSize) {
            this.failed = true;
            in.skipBytes(in.readableBytes());
            throw new SessionProtocolException("a session frame length of " + length + " bytes is outside 16.."
                    + this.maxFrameSize);
        }
        if (!this.reserved && !this.budget.tryReserve((int) length)) {
            return;
        }
        this.reserved = true;
        if (in.readableBytes() - LENGTH_PREFIX < length) {
            // the client's decoder has no budget: its frames are bounded by its own maximum frame size only
            this.cumulator.expect(LENGTH_PREFIX + (int) length, this.budget != InboundBudget.UNLIMITED);
            return;
        }
        in.skipBytes(LENGTH_PREFIX);
        this.reserved = false;
        this.cumulator.expect(0, false);
        out.add(new SessionFrame(in.readRetainedSlice((int) length)));
    }

}
