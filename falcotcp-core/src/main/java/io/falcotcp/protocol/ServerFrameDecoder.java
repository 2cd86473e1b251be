package io.falcotcp.protocol;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Decodes the v1 server→client stream after the establishment byte into {@link ResponseFrame}s:
 * {@code len: u64 big-endian ‖ nonce ‖ ciphertext ‖ tag}.
 * <p>
 * The length is checked before anything is allocated for it: a length above the maximum frame size, or between 1
 * and 27 (too short for nonce and tag), fails the decoder with a {@link TooLongFrameException} or
 * {@link CorruptedFrameException}, and every byte after it is discarded, since the stream is out of step. The
 * frame's payload is a retained slice of the received bytes, not a copy.
 */
public final class ServerFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameSize;

    private boolean failed;

    private final FrameCumulator cumulator = new FrameCumulator();

    /**
     * Creates a decoder.
     * @param maxFrameSize the largest sealed length accepted, in bytes
     */
    public ServerFrameDecoder(int maxFrameSize) {
        if (maxFrameSize < ProtocolV1.SEAL_OVERHEAD) {
            throw new IllegalArgumentException("maxFrameSize must be at least " + ProtocolV1.SEAL_OVERHEAD
                    + " bytes (got " + maxFrameSize + ")");
        }
        this.maxFrameSize = maxFrameSize;
        setCumulator(this.cumulator);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (this.failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < ProtocolV1.LENGTH_PREFIX) {
            return;
        }
        long length = in.getLong(in.readerIndex());
        if (length == 0) {
            in.skipBytes(ProtocolV1.LENGTH_PREFIX);
            out.add(ResponseFrame.EMPTY);
            return;
        }
        if (Long.compareUnsigned(length, this.maxFrameSize) > 0) {
            throw fail(in, new TooLongFrameException("response length " + Long.toUnsignedString(length)
                    + " exceeds the maximum frame size of " + this.maxFrameSize + " bytes"));
        }
        if (length < ProtocolV1.SEAL_OVERHEAD) {
            throw fail(in, new CorruptedFrameException("response length " + length + " is shorter than the "
                    + ProtocolV1.SEAL_OVERHEAD + " bytes of nonce and tag"));
        }
        if (in.readableBytes() < ProtocolV1.LENGTH_PREFIX + length) {
            // nothing reserves a response's length: the buffer grows with what arrives
            this.cumulator.expect(ProtocolV1.LENGTH_PREFIX + (int) length, false);
            return;
        }
        in.skipBytes(ProtocolV1.LENGTH_PREFIX);
        this.cumulator.expect(0, false);
        out.add(new ResponseFrame(in.readRetainedSlice((int) length)));
    }

    private RuntimeException fail(ByteBuf in, RuntimeException exception) {
        this.failed = true;
        in.skipBytes(in.readableBytes());
        return exception;
    }

}
