package io.falcotcp.protocol;

import java.util.ArrayList;
import java.util.List;

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
 * The session codec tells the connection, once, that its sealing key nears its block limit, and moves each frame's
 * budget reservation to the body it keeps.
 */
class SessionMessageCodecTests {

    private static final byte[] KEY = new byte[32];

    private static final byte[] BASE = new byte[12];

    @Test
    void keysExhaustedIsFiredOnceWhenTheSealingKeyPassesSevenEighthsOfItsBlocks() {
        List<Object> events = new ArrayList<>();
        SessionMessageCodec codec = new SessionMessageCodec(new SessionCipher(AeadEngine.DEFAULT, KEY, BASE),
                new SessionCipher(AeadEngine.DEFAULT, KEY, BASE, 0, 64), null, InboundBudget.UNLIMITED);
        EmbeddedChannel channel = new EmbeddedChannel(codec, new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                events.add(event);
            }
        });
        // each response is 99 bytes of plaintext, 7 + 1 blocks: the 7th frame reaches 56 of 64 blocks
        for (int i = 0; i < 7; i++) {
            channel.writeOutbound(new SessionMessage.Response(i, RequestStatus.OK, "", new byte[90]));
            ((ByteBuf) channel.readOutbound()).release();
            assertThat(events).hasSize((i < 6) ? 0 : 1);
        }
        assertThat(events).containsExactly(SessionMessageCodec.KeysExhausted.INSTANCE);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void reservationOfARequestFrameBecomesItsBodyAndOtherFramesGiveItAllBack() {
        CountingBudget budget = new CountingBudget();
        SessionCipher sealer = new SessionCipher(AeadEngine.DEFAULT, KEY, BASE);
        EmbeddedChannel sender = new EmbeddedChannel(new SessionMessageCodec(
                new SessionCipher(AeadEngine.DEFAULT, KEY, BASE), sealer, null, InboundBudget.UNLIMITED));
        EmbeddedChannel receiver = new EmbeddedChannel(new SessionFrameDecoder(1 << 20, budget),
                new SessionMessageCodec(new SessionCipher(AeadEngine.DEFAULT, KEY, BASE),
                        new SessionCipher(AeadEngine.DEFAULT, KEY, BASE), null, budget));
        sender.writeOutbound(new SessionMessage.Request(1, "route", new byte[1000]));
        sender.writeOutbound(SessionMessage.Ping.INSTANCE);
        receiver.writeInbound((ByteBuf) sender.readOutbound());
        assertThat(budget.held).isEqualTo(1000);
        receiver.writeInbound((ByteBuf) sender.readOutbound());
        assertThat(budget.held).as("a ping keeps nothing").isEqualTo(1000);
        assertThat(((SessionMessage.Request) receiver.readInbound()).body()).hasSize(1000);
        assertThat((Object) receiver.readInbound()).isEqualTo(SessionMessage.Ping.INSTANCE);
        assertThat(sender.finishAndReleaseAll()).isFalse();
        assertThat(receiver.finishAndReleaseAll()).isFalse();
    }

    @Test
    void requestKeepsItsMetadataChargedWithItsBodyWholeOrInSegments() {
        CountingBudget budget = new CountingBudget();
        EmbeddedChannel sender = new EmbeddedChannel(new SessionMessageCodec(
                new SessionCipher(AeadEngine.DEFAULT, KEY, BASE), new SessionCipher(AeadEngine.DEFAULT, KEY, BASE),
                null, InboundBudget.UNLIMITED, new SessionSegments(1 << 20), 1 << 20, true));
        EmbeddedChannel receiver = new EmbeddedChannel(new SessionFrameDecoder(1 << 20, budget),
                new SessionMessageCodec(new SessionCipher(AeadEngine.DEFAULT, KEY, BASE),
                        new SessionCipher(AeadEngine.DEFAULT, KEY, BASE), null, budget, new SessionSegments(1 << 20),
                        1 << 20, true));
        Metadata metadata = Metadata.of("tenant", "acme");
        int block = 1 + 1 + 6 + 2 + 4;
        sender.writeOutbound(new SessionMessage.Request(1, "whole", metadata, new byte[1000]));
        sender.writeOutbound(new SessionMessage.Request(2, "segmented", metadata, new byte[200_000]));
        for (ByteBuf frame = sender.readOutbound(); frame != null; frame = sender.readOutbound()) {
            receiver.writeInbound(frame);
        }
        SessionMessage.Request whole = receiver.readInbound();
        SessionMessage.Request segmented = receiver.readInbound();
        assertThat(whole.metadata()).isEqualTo(metadata);
        assertThat(segmented.metadata()).isEqualTo(metadata);
        assertThat(segmented.body()).hasSize(200_000);
        assertThat(whole.retainedLength()).isEqualTo(1000 + block);
        assertThat(budget.held).isEqualTo(1000 + 200_000 + 2 * block);
        assertThat(sender.finishAndReleaseAll()).isFalse();
        assertThat(receiver.finishAndReleaseAll()).isFalse();
    }

    @Test
    void routeThatIsNotValidUtf8ClosesTheSessionLikeAnyMalformedPlaintext() {
        ByteBuf plaintext = Unpooled.buffer()
            .writeByte(SessionMessage.KIND_REQUEST).writeInt(1).writeByte(0).writeByte(2)
            .writeByte(0xC3).writeByte(0x28);
        assertThatExceptionOfType(SessionProtocolException.class)
            .isThrownBy(() -> SessionCodec.decode(plaintext))
            .withMessageContaining("not valid UTF-8");
        plaintext.release();
    }

    @Test
    void pingWithTrailingBytesClosesTheSession() {
        ByteBuf plaintext = Unpooled.buffer().writeByte(SessionMessage.KIND_PING)
            .writeByte(0);
        assertThatExceptionOfType(SessionProtocolException.class)
            .isThrownBy(() -> SessionCodec.decode(plaintext))
            .withMessageContaining("trailing bytes");
        plaintext.release();
    }

}
