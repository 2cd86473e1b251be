package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Decoding of client frames, fed byte by byte and in bulk through an {@link EmbeddedChannel}.
 */
class ClientFrameDecoderTests {

    private final EmbeddedChannel channel = new EmbeddedChannel(new ClientFrameDecoder(1024, InboundBudget.UNLIMITED));

    @AfterEach
    void closeChannel() {
        this.channel.finishAndReleaseAll();
    }

    @Test
    void framesFedOneByteAtATimeAreDecodedWhole() {
        byte[] auth = authFrame();
        byte[] message = messageFrame(40);
        byte[] all = concat(auth, message, new byte[] { 0x02, 0x09 });
        for (byte b : all) {
            this.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { b }));
        }
        ClientFrame.Auth decodedAuth = this.channel.readInbound();
        assertThat(bytes(decodedAuth.content())).isEqualTo(Arrays.copyOfRange(auth, 1, 157));
        decodedAuth.release();
        ClientFrame.Message decodedMessage = this.channel.readInbound();
        assertThat(bytes(decodedMessage.content())).isEqualTo(Arrays.copyOfRange(message, 9, message.length));
        decodedMessage.release();
        assertThat((Object) this.channel.readInbound()).isSameAs(ClientFrame.Ping.INSTANCE);
        assertThat((Object) this.channel.readInbound()).isEqualTo(new ClientFrame.Unknown((byte) 0x09));
        assertThat((Object) this.channel.readInbound()).isNull();
    }

    @Test
    void shortMessageIsAMessageNotAFramingError() {
        this.channel.writeInbound(Unpooled.wrappedBuffer(concat(authFrame(), messageFrame(5))));
        ((ClientFrame.Auth) this.channel.readInbound()).release();
        ClientFrame.Message message = this.channel.readInbound();
        assertThat(message.content().readableBytes()).isEqualTo(5);
        message.release();
    }

    @Test
    void lengthAboveTheMaximumFailsBeforeTheBodyArrives() {
        this.channel.writeInbound(Unpooled.wrappedBuffer(authFrame()));
        ((ClientFrame.Auth) this.channel.readInbound()).release();
        ByteBuf header = Unpooled.buffer(9).writeByte(0x01).writeLong(1025);
        assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> this.channel.writeInbound(header))
            .withMessageContaining("1025");
        this.channel.writeInbound(Unpooled.wrappedBuffer(messageFrame(40)));
        assertThat((Object) this.channel.readInbound()).as("input after the failure is discarded").isNull();
    }

    @Test
    void lengthOf2Pow63IsReadUnsignedAndFails() {
        this.channel.writeInbound(Unpooled.wrappedBuffer(authFrame()));
        ((ClientFrame.Auth) this.channel.readInbound()).release();
        ByteBuf header = Unpooled.buffer(9).writeByte(0x01).writeLong(Long.MIN_VALUE);
        assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> this.channel.writeInbound(header))
            .withMessageContaining("9223372036854775808");
    }

    @Test
    void firstFrameOtherThanAuthFailsOnItsTypeByte() {
        assertThatExceptionOfType(UnexpectedFirstFrameException.class)
            .isThrownBy(() -> this.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { 0x01 })))
            .withMessageContaining("0x01");
    }

    private static byte[] authFrame() {
        byte[] frame = new byte[157];
        Arrays.fill(frame, (byte) 7);
        frame[0] = 0x00;
        return frame;
    }

    private static byte[] messageFrame(int length) {
        ByteBuffer frame = ByteBuffer.allocate(9 + length).put((byte) 0x01).putLong(length);
        for (int i = 0; i < length; i++) {
            frame.put((byte) i);
        }
        return frame.array();
    }

    private static byte[] bytes(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt((part) -> part.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

}
