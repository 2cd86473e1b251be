package io.falcotcp.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FrameCumulator} grows a decoder's buffer in one step to the frame it reads, and only as far as a budget
 * reserved: what arrives, byte for byte, and no buffer left unreleased.
 */
class FrameCumulatorTests {

    private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    @Test
    void reservedFrameGetsItsWholeLengthAtTheFirstGrowth() {
        FrameCumulator cumulator = new FrameCumulator();
        ByteBuf cumulation = bytes(0, 1000);
        cumulator.expect(1_000_000, true);
        ByteBuf grown = cumulator.cumulate(this.alloc, cumulation, bytes(1000, 2000));
        assertThat(grown.capacity()).isEqualTo(1_000_000);
        ByteBuf same = cumulator.cumulate(this.alloc, grown, bytes(3000, 5000));
        assertThat(same).as("no second growth").isSameAs(grown);
        assertContent(same, 8000);
        assertThat(cumulation.refCnt()).isZero();
        same.release();
    }

    @Test
    void frameNotReservedGrowsToAtMostFourTimesWhatArrived() {
        FrameCumulator cumulator = new FrameCumulator();
        ByteBuf cumulation = bytes(0, 1000);
        cumulator.expect(16 << 20, false);
        ByteBuf grown = cumulator.cumulate(this.alloc, cumulation, bytes(1000, 1000));
        assertThat(grown.capacity()).isEqualTo(8000);
        assertContent(grown, 2000);
        grown.release();
    }

    @Test
    void withoutAKnownFrameItMergesAsNettyDoes() {
        FrameCumulator cumulator = new FrameCumulator();
        ByteBuf cumulation = bytes(0, 10);
        ByteBuf merged = cumulator.cumulate(this.alloc, cumulation, bytes(10, 10));
        assertContent(merged, 20);
        merged.release();
    }

    @Test
    void decoderReadsAFrameThatArrivesInPiecesWhole() {
        CountingBudget budget = new CountingBudget();
        EmbeddedChannel channel = new EmbeddedChannel(new SessionFrameDecoder(1 << 20, budget));
        ByteBuf wire = this.alloc.buffer(4 + 300_000).writeInt(300_000);
        for (int i = 0; i < 300_000; i++) {
            wire.writeByte(i);
        }
        while (wire.isReadable()) {
            channel.writeInbound(wire.readRetainedSlice(Math.min(wire.readableBytes(), 65_536)));
        }
        wire.release();
        SessionFrame frame = channel.readInbound();
        assertThat(frame.content().readableBytes()).isEqualTo(300_000);
        for (int i = 0; i < 300_000; i++) {
            assertThat(frame.content().getByte(i)).isEqualTo((byte) i);
        }
        frame.content().release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    /** {@code length} bytes whose values count up from {@code first}. */
    private ByteBuf bytes(int first, int length) {
        ByteBuf buffer = this.alloc.buffer(length, length);
        for (int i = 0; i < length; i++) {
            buffer.writeByte(first + i);
        }
        return buffer;
    }

    private static void assertContent(ByteBuf buffer, int length) {
        assertThat(buffer.readableBytes()).isEqualTo(length);
        for (int i = 0; i < length; i++) {
            assertThat(buffer.getByte(buffer.readerIndex() + i)).isEqualTo((byte) i);
        }
    }

}
