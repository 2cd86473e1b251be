package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.testsupport.SessionTestVectors;
import io.falcotcp.testsupport.SpecSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.falcotcp.testsupport.SessionTestVectors.PSK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Known answers of the session handshake and frames: the hello, auth frame and reply of the test vectors in
 * {@code docs/protocol.md} as the document lays them out, the hello as this project reads it, and the first frames
 * each way as this project seals and opens them under the vectors' keys (counter nonces from 0).
 */
class SessionFrameVectorTests {

    private static final byte[] HELLO_BODY = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void documentLayoutGivesTheHelloAuthFrameAndReplyOfTheVectors() {
        byte[] hello = SpecSession.hello(0x02, SessionTestVectors.CLIENT_RANDOM, SessionTestVectors.CLIENT_PUBLIC_KEY,
                1_767_225_600_000L, 1 << 20, new byte[42]);
        assertThat(hello).isEqualTo(SessionTestVectors.HELLO);
        assertThat(SpecSession.authFrame(PSK, SessionTestVectors.AUTH_NONCE, hello))
            .isEqualTo(SessionTestVectors.AUTH_FRAME);
        byte[] replyPlaintext = SpecSession.replyPlaintext(0x02, SessionTestVectors.SERVER_RANDOM,
                SessionTestVectors.SERVER_PUBLIC_KEY, 256, 1 << 24, 1 << 20, 3600, SessionTestVectors.AUTH_FRAME);
        assertThat(replyPlaintext).isEqualTo(SessionTestVectors.REPLY_PLAINTEXT);
        assertThat(SpecSession.reply(PSK, SessionTestVectors.REPLY_NONCE, replyPlaintext))
            .isEqualTo(SessionTestVectors.REPLY);
    }

    @Test
    void helloOfTheVectorsIsReadFieldByField() {
        SessionHandshake.ClientHello hello = SessionHandshake.parseHello(SessionTestVectors.HELLO);
        assertThat(hello).isNotNull();
        assertThat(hello.version()).isEqualTo(SessionHandshake.VERSION);
        assertThat(hello.features()).isEqualTo(SessionFeature.SEGMENTS.mask());
        assertThat(hello.clientRandom()).isEqualTo(SessionTestVectors.CLIENT_RANDOM);
        assertThat(hello.publicKey()).isEqualTo(SessionTestVectors.CLIENT_PUBLIC_KEY);
        assertThat(hello.clockMillis()).isEqualTo(1_767_225_600_000L);
        assertThat(hello.maxDecompressedBody()).isEqualTo(1 << 20);
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void clientFramesAreSealedAsInTheVectors(AeadEngine engine) {
        SessionCipher sealer = new SessionCipher(engine, SessionTestVectors.CLIENT_TO_SERVER_KEY,
                SessionTestVectors.CLIENT_TO_SERVER_NONCE_BASE);
        assertThat(seal(sealer, SessionMessage.Ping.INSTANCE)).isEqualTo(SessionTestVectors.CLIENT_PING_FRAME);
        assertThat(seal(sealer, new SessionMessage.Request(1, "echo", HELLO_BODY)))
            .isEqualTo(SessionTestVectors.CLIENT_REQUEST_FRAME);
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void serverFramesOfTheVectorsOpenInOrder(AeadEngine engine) {
        SessionCipher opener = new SessionCipher(engine, SessionTestVectors.SERVER_TO_CLIENT_KEY,
                SessionTestVectors.SERVER_TO_CLIENT_NONCE_BASE);
        assertThat(open(opener, SessionTestVectors.SERVER_PONG_FRAME)).isEqualTo(SessionMessage.Pong.INSTANCE);
        assertThat(open(opener, SessionTestVectors.SERVER_RESPONSE_FRAME))
            .isInstanceOfSatisfying(SessionMessage.Response.class, (response) -> {
                assertThat(response.id()).isEqualTo(1);
                assertThat(response.status()).isEqualTo(RequestStatus.OK);
                assertThat(response.message()).isEmpty();
                assertThat(response.body()).isEqualTo(HELLO_BODY);
            });
    }

    private static byte[] seal(SessionCipher sealer, SessionMessage message) {
        ByteBuf plaintext = Unpooled.buffer();
        ByteBuf frame = Unpooled.buffer();
        try {
            SessionCodec.encode(message, plaintext);
            frame.writeInt(plaintext.readableBytes() + 16);
            sealer.seal(plaintext.nioBuffer(), frame);
            return ByteBufUtil.getBytes(frame);
        }
        finally {
            plaintext.release();
            frame.release();
        }
    }

    private static SessionMessage open(SessionCipher opener, byte[] frame) {
        assertThat(ByteBuffer.wrap(frame).getInt()).isEqualTo(frame.length - 4);
        ByteBuf sealed = Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 4, frame.length));
        ByteBuf plaintext = Unpooled.buffer();
        try {
            assertThat(opener.open(sealed, plaintext)).as("frame opens under the next counter").isTrue();
            return SessionCodec.decode(plaintext);
        }
        finally {
            sealed.release();
            plaintext.release();
        }
    }

}
