package io.falcotcp.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ServerFrameDecoder}.
 */
class ServerFrameDecoderTests {

    @Test
    void responseSplitAcrossReadsIsDecodedOnceComplete() {
        EmbeddedChannel channel = new EmbeddedChannel(new ServerFrameDecoder(1024));
        ByteBuf wire = Unpooled.buffer().writeLong(30).writeBytes(new byte[30]);
        assertThat(channel.writeInbound(wire.readRetainedSlice(5))).isFalse();
        assertThat(channel.writeInbound(wire.readRetainedSlice(20))).isFalse();
        assertThat(channel.writeInbound(wire.readRetainedSlice(13))).isTrue();
        wire.release();
        ResponseFrame frame = channel.readInbound();
        try {
            assertThat(frame.isEmptyResponse()).isFalse();
            assertThat(frame.content().readableBytes()).isEqualTo(30);
        }
        finally {
            frame.release();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void zeroLengthIsTheEmptyResponseAndFramesAfterItAreKept() {
        EmbeddedChannel channel = new EmbeddedChannel(new ServerFrameDecoder(1024));
        channel.writeInbound(Unpooled.buffer().writeLong(0).writeLong(28).writeBytes(new byte[28]));
        ResponseFrame empty = channel.readInbound();
        assertThat(empty.isEmptyResponse()).isTrue();
        ResponseFrame next = channel.readInbound();
        assertThat(next.content().readableBytes()).isEqualTo(28);
        next.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void lengthAboveTheMaximumFailsOnTheLengthAloneAndDiscardsTheRest() {
        EmbeddedChannel channel = new EmbeddedChannel(new ServerFrameDecoder(1024));
        // only the 8-byte prefix has arrived: the decoder must not wait for (or allocate) the announced body
        assertThatExceptionOfType(TooLongFrameException.class)
                .isThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeLong(-1L)))
                .withMessageContaining("18446744073709551615 exceeds the maximum frame size of 1024 bytes");
        assertThat(channel.writeInbound(Unpooled.buffer().writeLong(28).writeBytes(new byte[28]))).isFalse();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void lengthTooShortForNonceAndTagIsCorrupt() {
        EmbeddedChannel channel = new EmbeddedChannel(new ServerFrameDecoder(1024));
        assertThatExceptionOfType(CorruptedFrameException.class)
                .isThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeLong(27)))
                .withMessageContaining("27");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void lengthEqualToTheMaximumIsAccepted() {
        EmbeddedChannel channel = new EmbeddedChannel(new ServerFrameDecoder(64));
        assertThat(channel.writeInbound(Unpooled.buffer().writeLong(64).writeBytes(new byte[64]))).isTrue();
        ResponseFrame frame = channel.readInbound();
        frame.release();
        assertThat(channel.finish()).isFalse();
    }

}
