package io.falcotcp.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.falcotcp.crypto.AeadEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Large bodies in segments (feature bit 1): a sender splits a body into frames of at most 64 KiB, the receiver
 * puts it together and charges it to its budget once; a continuation that does not continue, a frame between the
 * segments of a body and a declared length out of range are protocol errors.
 */
class SessionSegmentsTests {

    private static final byte[] KEY = new byte[32];

    private static final byte[] BASE = new byte[12];

    @Test
    void largeBodyTravelsInSegmentsAndIsPutTogetherWhole() {
        byte[] body = new byte[1024 * 1024 + 7];
        new Random(7).nextBytes(body);
        List<ByteBuf> frames = encode(new SessionMessage.Request(3, "upload", body));
        // 64 KiB of plaintext per frame at most
        assertThat(frames).hasSize(17);
        assertThat(frames).allSatisfy((frame) -> assertThat(frame.readableBytes())
            .isLessThanOrEqualTo(4 + SessionMessageCodec.SEGMENT_LENGTH + 16));
        CountingBudget budget = new CountingBudget();
        EmbeddedChannel receiver = receiver(budget, 2 * 1024 * 1024);
        for (ByteBuf frame : frames) {
            receiver.writeInbound(frame);
        }
        SessionMessage.Request request = receiver.readInbound();
        assertThat(request.id()).isEqualTo(3);
        assertThat(request.route()).isEqualTo("upload");
        assertThat(request.body()).isEqualTo(body);
        assertThat((Object) receiver.readInbound()).isNull();
        // the whole body stays charged until its response is written, nothing more
        assertThat(budget.held).isEqualTo(body.length);
        assertThat(receiver.finishAndReleaseAll()).isFalse();
    }

    @Test
    void bodyNoLargerThanASegmentTravelsWhole() {
        List<ByteBuf> frames = encode(new SessionMessage.Response(1, RequestStatus.OK, "", new byte[60_000]));
        assertThat(frames).hasSize(1);
        frames.forEach(ByteBuf::release);
    }

    @Test
    void frameBetweenTheSegmentsOfABodyBreaksTheSession() {
        List<ByteBuf> frames = encodeWithSealer(new SessionMessage.Request(1, null, new byte[200_000]),
                SessionMessage.Ping.INSTANCE);
        // the ping was sealed after the request's segments: move it between them, under the counters in order
        EmbeddedChannel receiver = receiver(new CountingBudget(), 1 << 20);
        receiver.writeInbound(frames.get(0));
        assertRejected(receiver, resealed(SessionMessage.Ping.INSTANCE, 1), "does not continue");
        frames.subList(1, frames.size()).forEach(ByteBuf::release);
    }

    @Test
    void continuationWithoutABodyInSegmentsBreaksTheSession() {
        ByteBuf plaintext = Unpooled.buffer().writeByte(SessionMessage.KIND_REQUEST_CONTINUATION).writeInt(1)
            .writeBytes(new byte[10]);
        assertThatExceptionOfType(SessionProtocolException.class)
            .isThrownBy(() -> SessionCodec.decode(plaintext, null, new SessionSegments(1 << 20)))
            .withMessageContaining("without a body in segments");
        plaintext.release();
    }

    @Test
    void declaredBodyLengthAboveTheMaximumOrNotAboveItsFirstSegmentBreaksTheSession() {
        for (long declared : new long[] { (1 << 20) + 1, 0xFFFFFFFFL, 10, 5 }) {
            ByteBuf plaintext = Unpooled.buffer().writeByte(SessionMessage.KIND_REQUEST).writeInt(1).writeByte(0x02)
                .writeByte(0).writeInt((int) declared).writeBytes(new byte[10]);
            assertThatExceptionOfType(SessionProtocolException.class)
                .isThrownBy(() -> SessionCodec.decode(plaintext, null, new SessionSegments(1 << 20)))
                .withMessageContaining("body in segments");
            plaintext.release();
        }
    }

    @Test
    void segmentedAndCompressedAtOnceIsRefused() {
        ByteBuf plaintext = Unpooled.buffer().writeByte(SessionMessage.KIND_REQUEST).writeInt(1).writeByte(0x03)
            .writeByte(0).writeInt(100).writeBytes(new byte[10]);
        assertThatExceptionOfType(SessionProtocolException.class)
            .isThrownBy(() -> SessionCodec.decode(plaintext, new Lz4BodyCompression(0, 1 << 20),
                    new SessionSegments(1 << 20)))
            .withMessageContaining("flags");
        plaintext.release();
    }

    @Test
    void segmentedFlagWithoutNegotiationIsRefused() {
        ByteBuf plaintext = Unpooled.buffer().writeByte(SessionMessage.KIND_REQUEST).writeInt(1).writeByte(0x02)
            .writeByte(0).writeInt(100).writeBytes(new byte[10]);
        assertThatExceptionOfType(SessionProtocolException.class)
            .isThrownBy(() -> SessionCodec.decode(plaintext, null))
            .withMessageContaining("flags");
        plaintext.release();
    }

    private static List<ByteBuf> encode(SessionMessage message) {
        return encodeWithSealer(message);
    }

    /** Encodes the messages on one sending codec, collecting the frames it writes itself and those it emits. */
    private static List<ByteBuf> encodeWithSealer(SessionMessage... messages) {
        List<ByteBuf> frames = new ArrayList<>();
        EmbeddedChannel sender = new EmbeddedChannel(new SessionMessageCodec(cipher(), cipher(), null,
                InboundBudget.UNLIMITED, new SessionSegments(1 << 20), 1 << 20));
        for (SessionMessage message : messages) {
            sender.writeOutbound(message);
            ByteBuf frame;
            while ((frame = sender.readOutbound()) != null) {
                frames.add(frame);
            }
        }
        assertThat(sender.finishAndReleaseAll()).isFalse();
        return frames;
    }

    /** A frame sealed under a given counter, for a receiver that expects that counter next. */
    private static ByteBuf resealed(SessionMessage message, long counter) {
        SessionCipher sealer = new SessionCipher(AeadEngine.DEFAULT, KEY, BASE, counter);
        ByteBuf plaintext = Unpooled.buffer();
        SessionCodec.encode(message, plaintext);
        ByteBuf frame = Unpooled.buffer().writeInt(plaintext.readableBytes() + 16);
        sealer.seal(plaintext.nioBuffer(), frame);
        plaintext.release();
        return frame;
    }

    private static EmbeddedChannel receiver(InboundBudget budget, int maxBody) {
        return new EmbeddedChannel(new SessionFrameDecoder(1 << 20, budget), new SessionMessageCodec(cipher(),
                cipher(), null, budget, new SessionSegments(maxBody), 1 << 20));
    }

    private static void assertRejected(EmbeddedChannel receiver, ByteBuf frame, String message) {
        List<Throwable> failures = new ArrayList<>();
        receiver.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                failures.add(cause);
            }
        });
        receiver.writeInbound(frame);
        assertThat(failures).singleElement().isInstanceOf(SessionProtocolException.class)
            .satisfies((failure) -> assertThat(failure.getMessage()).contains(message));
        receiver.finishAndReleaseAll();
    }

    private static SessionCipher cipher() {
        return new SessionCipher(AeadEngine.DEFAULT, KEY, BASE);
    }

}
