package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.falcotcp.crypto.AeadEngine;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Counter nonces of {@link SessionCipher}: only the next counter opens, and a counter never wraps.
 */
class SessionCipherTests {

    private static final byte[] KEY = new byte[32];

    private static final byte[] BASE = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void framesOpenInOrderOnly(AeadEngine engine) {
        SessionCipher sealer = new SessionCipher(engine, KEY, BASE);
        ByteBuf first = seal(sealer, "first");
        ByteBuf second = seal(sealer, "second");
        SessionCipher inOrder = new SessionCipher(engine, KEY, BASE);
        assertThat(open(inOrder, first)).isEqualTo("first");
        assertThat(open(inOrder, second)).isEqualTo("second");
        assertThat(open(inOrder, first)).as("replayed").isNull();
        SessionCipher reordered = new SessionCipher(engine, KEY, BASE);
        assertThat(open(reordered, second)).isNull();
        assertThat(open(reordered, first)).as("refused after a failure").isNull();
        first.release();
        second.release();
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void senderRefusesToUseTheLastCounter(AeadEngine engine) {
        SessionCipher sealer = new SessionCipher(engine, KEY, BASE, SessionCipher.COUNTER_LIMIT - 1);
        seal(sealer, "last").release();
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatExceptionOfType(SessionProtocolException.class)
                .isThrownBy(() -> sealer.seal(ByteBuffer.wrap(new byte[1]), out))
                .withMessageContaining("counter is exhausted");
            assertThat(out.readableBytes()).isZero();
        }
        finally {
            out.release();
        }
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void receiverRefusesFramesBeyondTheLastCounter(AeadEngine engine) {
        SessionCipher sealer = new SessionCipher(engine, KEY, BASE, SessionCipher.COUNTER_LIMIT - 1);
        ByteBuf last = seal(sealer, "last");
        SessionCipher opener = new SessionCipher(engine, KEY, BASE, SessionCipher.COUNTER_LIMIT - 1);
        assertThat(open(opener, last)).isEqualTo("last");
        assertThat(open(opener, last)).isNull();
        last.release();
    }

    @Test
    void keyCountsItsBlocksReportsNearExhaustionAndNeverSealsOrOpensPastItsLimit() {
        // a frame of 100 bytes is 7 blocks of text and one for the tag
        SessionCipher sealer = new SessionCipher(AeadEngine.DEFAULT, KEY, BASE, 0, 24);
        ByteBuf first = seal(sealer, "x".repeat(100));
        ByteBuf second = seal(sealer, "y".repeat(100));
        assertThat(sealer.blocks()).isEqualTo(16);
        assertThat(sealer.nearlyExhausted()).as("16 of 24 blocks").isFalse();
        ByteBuf third = seal(sealer, "z".repeat(100));
        assertThat(sealer.nearlyExhausted()).as("24 of 24 blocks").isTrue();
        ByteBuf out = Unpooled.buffer();
        assertThatExceptionOfType(SessionProtocolException.class)
            .isThrownBy(() -> sealer.seal(ByteBuffer.wrap(new byte[1]), out))
            .withMessageContaining("blocks");
        SessionCipher opener = new SessionCipher(AeadEngine.DEFAULT, KEY, BASE, 0, 20);
        assertThat(open(opener, first)).isEqualTo("x".repeat(100));
        assertThat(open(opener, second)).isEqualTo("y".repeat(100));
        assertThat(open(opener, third)).as("beyond the receiver's limit").isNull();
        first.release();
        second.release();
        third.release();
        out.release();
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void directionsWithAnotherNonceBaseDoNotOpenEachOther(AeadEngine engine) {
        byte[] otherBase = BASE.clone();
        otherBase[0] ^= 1;
        ByteBuf frame = seal(new SessionCipher(engine, KEY, BASE), "reflected");
        assertThat(open(new SessionCipher(engine, KEY, otherBase), frame)).isNull();
        frame.release();
    }

    @Test
    void statusMessagesAreCutOnACharacterBoundary() {
        String long3ByteText = "€".repeat(200);
        ByteBuf plaintext = Unpooled.buffer();
        try {
            SessionCodec.encode(new SessionMessage.Response(1, RequestStatus.BAD_REQUEST, long3ByteText,
                    new byte[0]), plaintext);
            SessionMessage.Response decoded = (SessionMessage.Response) SessionCodec.decode(plaintext);
            assertThat(decoded.message().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(SessionCodec.MAX_MESSAGE_LENGTH);
            assertThat(long3ByteText).startsWith(decoded.message());
        }
        finally {
            plaintext.release();
        }
    }

    static ByteBuf seal(SessionCipher sealer, String text) {
        ByteBuf out = Unpooled.buffer();
        sealer.seal(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), out);
        return out;
    }

    static @Nullable String open(SessionCipher opener, ByteBuf sealed) {
        ByteBuf out = Unpooled.buffer();
        try {
            return opener.open(sealed, out) ? out.toString(StandardCharsets.UTF_8) : null;
        }
        finally {
            out.release();
        }
    }

}
