package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.falcotcp.crypto.AeadEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the session frame codec: what one end encodes the other decodes unchanged, and any corruption of
 * the stream is rejected with a {@link SessionProtocolException} (and a close), never another exception.
 */
class SessionFramePropertyTests {

    private static final byte[] KEY = new byte[32];

    private static final byte[] NONCE_BASE = new byte[12];

    @Property(tries = 200)
    void randomFramesRoundTrip(@ForAll("messages") @Size(max = 8) List<SessionMessage> messages,
            @ForAll boolean compressed) {
        Lz4BodyCompression compression = compressed ? new Lz4BodyCompression(0, 1 << 20) : null;
        EmbeddedChannel sender = new EmbeddedChannel(codec(compression));
        EmbeddedChannel receiver = new EmbeddedChannel(new SessionFrameDecoder(1 << 20, InboundBudget.UNLIMITED),
                codec(compression));
        for (SessionMessage message : messages) {
            assertThat(sender.writeOutbound(message)).isTrue();
            ByteBuf frame = sender.readOutbound();
            receiver.writeInbound(frame);
            SessionMessage decoded = receiver.readInbound();
            assertSame(decoded, message);
        }
        assertThat(sender.finishAndReleaseAll()).isFalse();
        assertThat(receiver.finishAndReleaseAll()).isFalse();
    }

    @Property(tries = 40)
    void largeBodiesRoundTripInSegments(@ForAll @IntRange(min = 0, max = 300_000) int length, @ForAll boolean request,
            @ForAll @IntRange(min = 0, max = 3) int pingsAfter) {
        byte[] body = new byte[length];
        new java.util.Random(length).nextBytes(body);
        SessionMessage message = request ? new SessionMessage.Request(length, "r", body)
                : new SessionMessage.Response(length, RequestStatus.OK, "", body);
        EmbeddedChannel sender = new EmbeddedChannel(new SessionMessageCodec(cipher(), cipher(), null,
                InboundBudget.UNLIMITED, new SessionSegments(1 << 20), 1 << 20));
        EmbeddedChannel receiver = new EmbeddedChannel(new SessionFrameDecoder(1 << 20, InboundBudget.UNLIMITED),
                new SessionMessageCodec(cipher(), cipher(), null, InboundBudget.UNLIMITED,
                        new SessionSegments(1 << 20), 1 << 20));
        sender.writeOutbound(message);
        for (int i = 0; i < pingsAfter; i++) {
            sender.writeOutbound(SessionMessage.Ping.INSTANCE);
        }
        ByteBuf frame;
        while ((frame = sender.readOutbound()) != null) {
            receiver.writeInbound(frame);
        }
        assertSame(receiver.readInbound(), message);
        for (int i = 0; i < pingsAfter; i++) {
            assertThat((Object) receiver.readInbound()).isEqualTo(SessionMessage.Ping.INSTANCE);
        }
        assertThat(sender.finishAndReleaseAll()).isFalse();
        assertThat(receiver.finishAndReleaseAll()).isFalse();
    }

    @Property(tries = 300)
    void corruptedStreamIsAlwaysRejected(@ForAll("messages") @Size(min = 1, max = 4) List<SessionMessage> messages,
            @ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll @IntRange(min = 1, max = 255) int flip) {
        EmbeddedChannel sender = new EmbeddedChannel(codec(null));
        ByteBuf stream = Unpooled.buffer();
        List<Integer> frameStarts = new ArrayList<>();
        for (SessionMessage message : messages) {
            sender.writeOutbound(message);
            ByteBuf frame = sender.readOutbound();
            frameStarts.add(stream.writerIndex());
            stream.writeBytes(frame);
            frame.release();
        }
        sender.finishAndReleaseAll();
        int index = position % stream.readableBytes();
        int corruptFrame = 0;
        while (corruptFrame + 1 < frameStarts.size() && frameStarts.get(corruptFrame + 1) <= index) {
            corruptFrame++;
        }
        int lengthStart = frameStarts.get(corruptFrame);
        stream.setByte(index, stream.getByte(index) ^ flip);
        // a length prefix made larger than the bytes that follow leaves the decoder waiting for bytes that never
        // come, which the connection's lifetime ends (if it stays within the frame size limit)
        long announced = stream.getUnsignedInt(lengthStart);
        boolean waits = index < lengthStart + 4 && announced > stream.readableBytes() - lengthStart - 4
                && announced <= 1 << 20;
        List<Throwable> failures = new ArrayList<>();
        EmbeddedChannel receiver = new EmbeddedChannel(new SessionFrameDecoder(1 << 20, InboundBudget.UNLIMITED),
                codec(null), new ClosingErrorHandler(failures));
        receiver.writeInbound(stream);
        List<Object> decoded = new ArrayList<>();
        Object message;
        while ((message = receiver.readInbound()) != null) {
            decoded.add(message);
        }
        // the frames before the corrupted one arrive unchanged, nothing from it on
        assertThat(decoded).hasSize(corruptFrame);
        if (waits) {
            assertThat(failures).isEmpty();
            assertThat(receiver.isOpen()).isTrue();
        }
        else {
            assertThat(failures).singleElement().isInstanceOf(SessionProtocolException.class);
            assertThat(receiver.isOpen()).isFalse();
        }
        receiver.finishAndReleaseAll();
    }

    @Property(tries = 300)
    void randomBytesNeverEscapeAsAnotherException(@ForAll @Size(max = 300) byte[] garbage) {
        List<Throwable> failures = new ArrayList<>();
        EmbeddedChannel receiver = new EmbeddedChannel(new SessionFrameDecoder(1 << 16, InboundBudget.UNLIMITED),
                codec(null), new ClosingErrorHandler(failures));
        receiver.writeInbound(Unpooled.wrappedBuffer(garbage));
        assertThat((Object) receiver.readInbound()).isNull();
        // fewer than 4 bytes, or a plausible length prefix with its frame still incomplete, waits for more bytes;
        // a length out of range or a complete frame of random bytes (which cannot open) is rejected
        long announced = (garbage.length < 4) ? -1 : Integer.toUnsignedLong(ByteBuffer.wrap(garbage).getInt());
        boolean waits = garbage.length < 4
                || (announced >= 16 && announced <= 1 << 16 && announced > garbage.length - 4);
        if (waits) {
            assertThat(failures).isEmpty();
        }
        else {
            assertThat(failures).singleElement().isInstanceOf(SessionProtocolException.class);
        }
        receiver.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<List<SessionMessage>> messages() {
        // random bytes rarely compress; repeated ones do, so both paths of the compressed round trip run
        Arbitrary<byte[]> bodies = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(2048),
                Arbitraries.bytes().list().ofMaxSize(8).map((pattern) -> repeat(pattern, 40)));
        // well-formed text: a lone surrogate has no UTF-8 form, and the client refuses such routes before encoding
        StringArbitrary text = Arbitraries.strings().withCharRange('\u0020', '\uD7FF');
        Arbitrary<String> routes = text.ofMinLength(1).ofMaxLength(60).injectNull(0.3);
        Arbitrary<SessionMessage> requests = Combinators.combine(Arbitraries.integers(), routes, bodies)
            .as(SessionMessage.Request::new);
        Arbitrary<SessionMessage> responses = Combinators.combine(Arbitraries.integers(),
                Arbitraries.of(RequestStatus.class), text.ofMaxLength(80), bodies)
            .as(SessionMessage.Response::new);
        Arbitrary<SessionMessage> cancels = Arbitraries.integers().map(SessionMessage.Cancel::new);
        Arbitrary<SessionMessage> pings = Arbitraries.just(SessionMessage.Ping.INSTANCE);
        Arbitrary<SessionMessage> pongs = Arbitraries.just(SessionMessage.Pong.INSTANCE);
        Arbitrary<SessionMessage> goingAway = Arbitraries.just(SessionMessage.GoingAway.INSTANCE);
        return Arbitraries.oneOf(requests, responses, cancels, pings, pongs, goingAway).list();
    }

    private static byte[] repeat(List<Byte> pattern, int times) {
        byte[] bytes = new byte[pattern.size() * times];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = pattern.get(i % pattern.size());
        }
        return bytes;
    }

    private static SessionCipher cipher() {
        return new SessionCipher(AeadEngine.DEFAULT, KEY, NONCE_BASE);
    }

    private static SessionMessageCodec codec(Lz4BodyCompression compression) {
        return new SessionMessageCodec(cipher(), cipher(), compression, InboundBudget.UNLIMITED);
    }

    private static void assertSame(SessionMessage decoded, SessionMessage expected) {
        if (expected instanceof SessionMessage.Request request) {
            SessionMessage.Request actual = (SessionMessage.Request) decoded;
            assertThat(actual.id()).isEqualTo(request.id());
            assertThat(actual.route()).isEqualTo(request.route());
            assertThat(actual.body()).isEqualTo(request.body());
        }
        else if (expected instanceof SessionMessage.Response response) {
            SessionMessage.Response actual = (SessionMessage.Response) decoded;
            assertThat(actual.id()).isEqualTo(response.id());
            assertThat(actual.status()).isEqualTo(response.status());
            assertThat(actual.message()).isEqualTo(response.message());
            assertThat(actual.body()).isEqualTo(response.body());
        }
        else {
            assertThat(decoded).isEqualTo(expected);
        }
    }

    /**
     * Records what reaches the end of the pipeline and closes, as the server's error handler does.
     */
    private static final class ClosingErrorHandler extends ChannelInboundHandlerAdapter {

        private final List<Throwable> failures;

        ClosingErrorHandler(List<Throwable> failures) {
            this.failures = failures;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            this.failures.add(cause);
            ctx.close();
        }

    }

}
