package io.falcotcp.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.falcotcp.crypto.AeadEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches (session feature bit 4) in {@link SessionMessageCodec}: which messages a codec seals together and when,
 * the plaintext layout of {@code docs/protocol.md}, the promises of batched writes, and a batch read back as its
 * messages with its requests charged to the budget.
 */
class SessionBatchTests {

    private static final byte[] KEY = new byte[32];

    private static final byte[] BASE = new byte[12];

    private static final int MAX_FRAME = 1 << 20;

    private final SessionCipher peerOpener = new SessionCipher(AeadEngine.DEFAULT, KEY, BASE);

    private static SessionMessageCodec codec(SessionEnd batches) {
        return new SessionMessageCodec(new SessionCipher(AeadEngine.DEFAULT, KEY, BASE),
                new SessionCipher(AeadEngine.DEFAULT, KEY, BASE), null, InboundBudget.UNLIMITED,
                new SessionSegments(MAX_FRAME), MAX_FRAME, true, batches);
    }

    @Test
    void messagesWrittenBeforeAFlushAreSealedAsOneBatchLaidOutAsTheDocumentShows() {
        EmbeddedChannel channel = new EmbeddedChannel(codec(SessionEnd.SERVER));
        List<ChannelFuture> writes = new ArrayList<>();
        writes.add(channel.write(SessionMessage.Pong.INSTANCE));
        writes.add(channel.write(SessionMessage.Pong.INSTANCE));
        writes.add(channel.write(new SessionMessage.Response(9, RequestStatus.OK, "", bytes("ok"))));
        assertThat((Object) channel.readOutbound()).as("nothing sealed before the flush").isNull();
        channel.flush();
        assertThat(hex(openNext(channel))).isEqualTo("14" + "0001" + "12" + "0001" + "12" + "000b"
                + "11" + "00000009" + "00" + "00" + "0000" + "6f6b");
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(writes).allSatisfy((write) -> assertThat(write.isSuccess()).isTrue());
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void messageWrittenAloneGoesInAFrameOfItsOwn() {
        EmbeddedChannel channel = new EmbeddedChannel(codec(SessionEnd.CLIENT));
        channel.writeAndFlush(SessionMessage.Ping.INSTANCE);
        assertThat(hex(openNext(channel))).isEqualTo("03");
        channel.writeAndFlush(new SessionMessage.Cancel(5));
        assertThat(hex(openNext(channel))).isEqualTo("0200000005");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void batchIsSealedWhenFullAndBeforeAMessageTooLargeForOne() {
        EmbeddedChannel channel = new EmbeddedChannel(codec(SessionEnd.SERVER));
        for (int i = 0; i < 70; i++) {
            channel.write(SessionMessage.Pong.INSTANCE);
        }
        channel.write(new SessionMessage.Response(1, RequestStatus.OK, "", new byte[5000]));
        channel.write(SessionMessage.Pong.INSTANCE);
        channel.write(new SessionMessage.Response(2, RequestStatus.OK, "", new byte[3000]));
        channel.write(new SessionMessage.Response(3, RequestStatus.OK, "", new byte[3000]));
        channel.write(new SessionMessage.Response(4, RequestStatus.OK, "", new byte[3000]));
        channel.write(new SessionMessage.Response(5, RequestStatus.OK, "", new byte[3000]));
        channel.write(new SessionMessage.Response(6, RequestStatus.OK, "", new byte[3000]));
        channel.write(new SessionMessage.Response(7, RequestStatus.OK, "", new byte[3000]));
        channel.flush();
        assertThat(batchSize(openNext(channel))).as("first batch: the most messages").isEqualTo(64);
        assertThat(batchSize(openNext(channel))).as("the other pongs, before the large response").isEqualTo(6);
        ByteBuf large = openNext(channel);
        assertThat(large.getByte(0)).isEqualTo(SessionMessage.KIND_RESPONSE);
        assertThat(large.readableBytes()).isEqualTo(9 + 5000);
        large.release();
        // a pong and five 3009-byte responses: the sixth does not fit in 16 KiB
        assertThat(batchSize(openNext(channel))).isEqualTo(6);
        ByteBuf last = openNext(channel);
        assertThat(last.getByte(0)).as("the last response alone").isEqualTo(SessionMessage.KIND_RESPONSE);
        last.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void withoutTheFeatureEveryMessageIsAFrame() {
        EmbeddedChannel channel = new EmbeddedChannel(codec(null));
        for (int i = 0; i < 3; i++) {
            channel.write(SessionMessage.Pong.INSTANCE);
        }
        channel.flush();
        for (int i = 0; i < 3; i++) {
            assertThat(hex(openNext(channel))).isEqualTo("12");
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void batchIsReadAsItsMessagesInOrderAndItsRequestsKeepTheirBodiesCharged() {
        EmbeddedChannel sender = new EmbeddedChannel(codec(SessionEnd.CLIENT));
        CountingBudget budget = new CountingBudget();
        EmbeddedChannel receiver = new EmbeddedChannel(new SessionFrameDecoder(MAX_FRAME, budget),
                new SessionMessageCodec(new SessionCipher(AeadEngine.DEFAULT, KEY, BASE),
                        new SessionCipher(AeadEngine.DEFAULT, KEY, BASE), null, budget, new SessionSegments(MAX_FRAME),
                        MAX_FRAME, true, SessionEnd.SERVER));
        sender.write(new SessionMessage.Request(1, "a", new byte[100]));
        sender.write(SessionMessage.Ping.INSTANCE);
        sender.write(new SessionMessage.Request(2, null, Metadata.of("tenant", "acme"), new byte[200]));
        sender.flush();
        receiver.writeInbound((ByteBuf) sender.readOutbound());
        assertThat((Object) sender.readOutbound()).as("one frame").isNull();
        SessionMessage.Request first = receiver.readInbound();
        assertThat(first.id()).isEqualTo(1);
        assertThat(first.route()).isEqualTo("a");
        assertThat((Object) receiver.readInbound()).isEqualTo(SessionMessage.Ping.INSTANCE);
        SessionMessage.Request second = receiver.readInbound();
        assertThat(second.metadata().get("tenant")).isEqualTo("acme");
        assertThat(budget.held).as("the two requests' bodies and metadata")
            .isEqualTo(100 + second.retainedLength());
        assertThat(sender.finishAndReleaseAll()).isFalse();
        assertThat(receiver.finishAndReleaseAll()).isFalse();
    }

    @Test
    void messagesStillInABatchWhenTheConnectionClosesFailTheirWrites() {
        EmbeddedChannel channel = new EmbeddedChannel(codec(SessionEnd.SERVER));
        ChannelFuture first = channel.write(SessionMessage.Pong.INSTANCE);
        ChannelFuture second = channel.write(SessionMessage.Pong.INSTANCE);
        channel.close();
        assertThat(first.isDone()).isTrue();
        assertThat(first.isSuccess()).isFalse();
        assertThat(second.isSuccess()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void messageThatCannotBeEncodedFailsItsWriteAndLeavesTheBatchAsItWas() {
        EmbeddedChannel channel = new EmbeddedChannel(codec(SessionEnd.CLIENT));
        ChannelFuture first = channel.write(new SessionMessage.Request(1, "r".repeat(300), bytes("x")));
        assertThat(first.cause()).isInstanceOf(IllegalArgumentException.class);
        channel.write(SessionMessage.Ping.INSTANCE);
        ChannelFuture third = channel.write(new SessionMessage.Request(2, "r".repeat(300), bytes("x")));
        assertThat(third.cause()).isInstanceOf(IllegalArgumentException.class);
        channel.write(new SessionMessage.Cancel(3));
        channel.flush();
        assertThat(hex(openNext(channel))).isEqualTo("05" + "0001" + "03" + "0005" + "0200000003");
        assertThat(channel.finishAndReleaseAll()).isFalse();
        // a connection whose only write failed holds no buffer for it (the leak check of the class sees one)
        EmbeddedChannel failedOnly = new EmbeddedChannel(codec(SessionEnd.CLIENT));
        assertThat(failedOnly.write(new SessionMessage.Request(4, "r".repeat(300), bytes("x"))).isSuccess()).isFalse();
        failedOnly.close();
        assertThat(failedOnly.finishAndReleaseAll()).isFalse();
    }

    /** Opens the next outbound frame, {@code len ‖ ciphertext ‖ tag}, as the peer would. */
    private ByteBuf openNext(EmbeddedChannel channel) {
        ByteBuf frame = channel.readOutbound();
        assertThat(frame).as("a frame").isNotNull();
        try {
            int length = frame.readInt();
            assertThat(length).isEqualTo(frame.readableBytes());
            ByteBuf plaintext = Unpooled.buffer(length);
            assertThat(this.peerOpener.open(frame, plaintext)).as("opens under the next counter").isTrue();
            return plaintext;
        }
        finally {
            frame.release();
        }
    }

    private static int batchSize(ByteBuf plaintext) {
        try {
            assertThat(plaintext.readByte()).isEqualTo(SessionMessage.KIND_RESPONSE_BATCH);
            int count = 0;
            while (plaintext.isReadable()) {
                plaintext.skipBytes(plaintext.readUnsignedShort());
                count++;
            }
            return count;
        }
        finally {
            plaintext.release();
        }
    }

    private static String hex(ByteBuf plaintext) {
        try {
            return ByteBufUtil.hexDump(plaintext);
        }
        finally {
            plaintext.release();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
