package io.falcotcp.protocol;

import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.AeadEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session connection that goes idle drops its AES-GCM ciphers, and its next frame creates them again with the
 * counters where they were.
 */
class SessionCipherReleaseTests {

    private static final byte[] KEY = new byte[32];

    private static final byte[] BASE = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void releasedCiphersSealAndOpenTheNextFramesUnderTheNextCounters(AeadEngine engine) {
        SessionCipher sealer = new SessionCipher(engine, KEY, BASE);
        SessionCipher opener = new SessionCipher(engine, KEY, BASE);
        ByteBuf first = SessionCipherTests.seal(sealer, "first");
        sealer.release();
        assertThat(sealer.holdsCipher()).isFalse();
        ByteBuf second = SessionCipherTests.seal(sealer, "second");
        assertThat(sealer.holdsCipher()).isTrue();
        assertThat(SessionCipherTests.open(opener, first)).isEqualTo("first");
        opener.release();
        assertThat(SessionCipherTests.open(opener, first)).as("replayed after a release").isNull();
        SessionCipher fresh = new SessionCipher(engine, KEY, BASE);
        assertThat(SessionCipherTests.open(fresh, first)).isEqualTo("first");
        fresh.release();
        assertThat(SessionCipherTests.open(fresh, second)).isEqualTo("second");
        assertThat(sealer.blocks()).isEqualTo(fresh.blocks());
        first.release();
        second.release();
    }

    @Test
    void codecDropsBothCiphersAtTheFirstCheckThatFindsNoFrameSinceThePreviousOne() {
        SessionCipher opener = new SessionCipher(AeadEngine.DEFAULT, KEY, BASE);
        SessionCipher sealer = new SessionCipher(AeadEngine.DEFAULT, KEY, BASE);
        SessionCipher peerSealer = new SessionCipher(AeadEngine.DEFAULT, KEY, BASE);
        SessionCipher peerOpener = new SessionCipher(AeadEngine.DEFAULT, KEY, BASE);
        EmbeddedChannel channel = new EmbeddedChannel(new SessionMessageCodec(opener, sealer, null,
                InboundBudget.UNLIMITED));
        channel.freezeTime();
        for (int second = 0; second < 3; second++) {
            // a frame each way every second, between the checks: the connection keeps its ciphers
            channel.writeOutbound(SessionMessage.Pong.INSTANCE);
            assertThat(openFrame(peerOpener, channel.readOutbound())).isTrue();
            channel.advanceTimeBy(500, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            channel.writeInbound(frame(peerSealer, SessionMessage.Ping.INSTANCE));
            assertThat((Object) channel.readInbound()).isEqualTo(SessionMessage.Ping.INSTANCE);
            channel.advanceTimeBy(500, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            assertThat(opener.holdsCipher()).isTrue();
            assertThat(sealer.holdsCipher()).isTrue();
        }
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(opener.holdsCipher()).isFalse();
        assertThat(sealer.holdsCipher()).isFalse();
        channel.writeInbound(frame(peerSealer, SessionMessage.Ping.INSTANCE));
        assertThat((Object) channel.readInbound()).isEqualTo(SessionMessage.Ping.INSTANCE);
        assertThat(opener.holdsCipher()).isTrue();
        channel.writeOutbound(SessionMessage.Pong.INSTANCE);
        assertThat(openFrame(peerOpener, channel.readOutbound())).as("sealed under the next counter").isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private static boolean openFrame(SessionCipher opener, ByteBuf frame) {
        try {
            return SessionCipherTests.open(opener, frame.skipBytes(SessionFrameDecoder.LENGTH_PREFIX)) != null;
        }
        finally {
            frame.release();
        }
    }

    private static SessionFrame frame(SessionCipher sealer, SessionMessage message) {
        ByteBuf plaintext = Unpooled.buffer();
        try {
            SessionCodec.encode(message, plaintext);
            ByteBuf sealed = Unpooled.buffer();
            sealer.seal(plaintext.nioBuffer(), sealed);
            return new SessionFrame(sealed);
        }
        finally {
            plaintext.release();
        }
    }

}
