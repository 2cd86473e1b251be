package io.falcotcp.protocol.v02;

import java.util.List;

import io.falcotcp.protocol.FrameTooLargeException;
import io.falcotcp.protocol.InboundBudget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Decodes FalcoTCP 0.2 frames, {@code size: u64 LE ‖ compression: u8 ‖ size bytes}, in either direction.
 * <p>
 * The size is checked against the maximum frame size before anything is allocated for it ({@link
 * FrameTooLargeException}), and the compression byte against the codes 0.2 defines ({@link V02FrameException}); after
 * either the decoder discards all further input. Before it buffers a payload, the decoder reserves its size in the
 * connection's {@link InboundBudget}; without room it leaves the frame unread, and the budget resumes it. Payloads
 * are retained slices of the received bytes, not copies.
 */
public final class V02FrameDecoder extends ByteToMessageDecoder {

    /** {@code size: u64 LE ‖ compression: u8}. */
    public static final int HEADER_LENGTH = Long.BYTES + 1;

    private final int maxFrameSize;

    private final InboundBudget budget;

    private boolean reserved;

    private boolean failed;

    /**
     * Creates the decoder of one connection.
     * @param maxFrameSize the largest accepted {@code size}, in bytes
     * @param budget where sizes are reserved before payloads are read
     */
    public V02FrameDecoder(int maxFrameSize, InboundBudget budget) {
        if (maxFrameSize < 0) {
            throw new IllegalArgumentException("maxFrameSize must not be negative (got " + maxFrameSize + ")");
        }
        this.maxFrameSize = maxFrameSize;
        this.budget = budget;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (this.failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        long size = in.getLongLE(start);
        // a negative long is a u64 of 2^63 or more
        if (size < 0 || size > this.maxFrameSize) {
            fail(in);
            throw new FrameTooLargeException(size, this.maxFrameSize);
        }
        int code = in.getUnsignedByte(start + Long.BYTES);
        V02Compression compression = V02Compression.ofCode(code);
        if (compression == null) {
            fail(in);
            throw new V02FrameException("unknown FalcoTCP 0.2 compression code " + code + " (0.2 defines 0 to 4)");
        }
        if (!this.reserved && !this.budget.tryReserve((int) size)) {
            return;
        }
        this.reserved = true;
        if (in.readableBytes() - HEADER_LENGTH < size) {
            return;
        }
        in.skipBytes(HEADER_LENGTH);
        this.reserved = false;
        out.add(new V02Frame(compression, in.readRetainedSlice((int) size)));
    }

    private void fail(ByteBuf in) {
        this.failed = true;
        in.skipBytes(in.readableBytes());
    }

}
