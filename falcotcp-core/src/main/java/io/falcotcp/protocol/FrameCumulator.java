package io.falcotcp.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Netty's {@linkplain ByteToMessageDecoder#MERGE_CUMULATOR merge cumulator}, except that once a decoder knows how
 * long the frame it holds the start of is, the buffer grows in one step rather than doubling read after read: to the
 * whole frame when its length was reserved against a budget (the server's decoders), otherwise to at most four times
 * the bytes that arrived, so that a length alone never makes a peer allocate. A 1 MiB frame arriving in 64 KiB reads
 * is then copied into its buffer once, instead of once more at every doubling.
 * <p>
 * One instance per decoder, used on its event loop.
 */
final class FrameCumulator implements ByteToMessageDecoder.Cumulator {

    private static final int UNRESERVED_GROWTH = 4;

    /** Bytes of the frame being read, from the cumulation's reader index; 0 while unknown. */
    private int frameBytes;

    private boolean reserved;

    /**
     * Tells the length of the frame that starts at the reader index of the cumulation and is not complete yet.
     * @param frameBytes its whole length on the wire, header included; 0 once it is decoded
     * @param reserved whether that length was reserved against a budget, so that it may be allocated at once
     */
    void expect(int frameBytes, boolean reserved) {
        this.frameBytes = frameBytes;
        this.reserved = reserved;
    }

    @Override
    public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        int buffered = cumulation.readableBytes();
        int incoming = in.readableBytes();
        long arrived = (long) buffered + incoming;
        int frame = this.frameBytes;
        // a read that completes the frame (small pipelined frames) merges as Netty does
        if (frame <= arrived || buffered == 0 || (cumulation.refCnt() == 1 && !cumulation.isReadOnly()
                && cumulation.writableBytes() >= incoming)) {
            return ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        long target = this.reserved ? frame : Math.min(frame, UNRESERVED_GROWTH * arrived);
        ByteBuf grown = alloc.buffer((int) target);
        try {
            grown.writeBytes(cumulation).writeBytes(in);
            return grown;
        }
        catch (RuntimeException | Error ex) {
            grown.release();
            throw ex;
        }
        finally {
            cumulation.release();
            in.release();
        }
    }

}
