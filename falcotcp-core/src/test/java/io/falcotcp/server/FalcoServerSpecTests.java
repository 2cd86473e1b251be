package io.falcotcp.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static io.falcotcp.server.SpecV1Connection.concat;
import static io.falcotcp.server.SpecV1Connection.messageFrame;
import static io.falcotcp.server.SpecV1Connection.messageFrameOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of protocol v1 §1.1–§1.4, checked with exact bytes from a client written from the protocol document.
 */
class FalcoServerSpecTests {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private final byte[] key = SpecV1Connection.randomBytes(32);

    private final List<FalcoServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        this.servers.forEach(FalcoServer::stop);
    }

    private int echoServer() {
        return echoServer((builder) -> { });
    }

    private int echoServer(Consumer<FalcoServer.Builder> customizer) {
        FalcoServer server = TestServers.startEcho(this.key, customizer);
        this.servers.add(server);
        return server.port();
    }

    // §1.1 establishment

    @Test
    void correctAuthIsAnsweredWithExactlyTheByteFF() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.connect(port, this.key)) {
            connection.write(SpecV1Connection.authFrame(this.key));
            assertThat(connection.readExactly(1)).containsExactly(0xFF);
            connection.assertNothingReceivedFor(Duration.ofMillis(200));
        }
    }

    @Test
    void authUnderAnotherKeyClosesWithoutAnswer() throws Exception {
        FalcoServer server = TestServers.startEcho(this.key, (builder) -> { });
        this.servers.add(server);
        try (SpecV1Connection connection = SpecV1Connection.connect(server.port(), this.key)) {
            connection.write(SpecV1Connection.authFrame(SpecV1Connection.randomBytes(32)));
            connection.assertClosedWithoutData(CLOSE_WAIT);
        }
        assertThat(server.stats().authenticationFailures()).isEqualTo(1);
    }

    @Test
    void authWithAFlippedTagBitClosesWithoutAnswer() throws Exception {
        int port = echoServer();
        byte[] auth = SpecV1Connection.authFrame(this.key);
        auth[auth.length - 1] ^= 0x01;
        try (SpecV1Connection connection = SpecV1Connection.connect(port, this.key)) {
            connection.write(auth);
            connection.assertClosedWithoutData(CLOSE_WAIT);
        }
    }

    @Test
    void messageAsFirstFrameCloses() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.connect(port, this.key)) {
            connection.write(messageFrame(this.key, bytes("hello")));
            connection.assertClosedWithoutData(CLOSE_WAIT);
        }
    }

    @Test
    void messageHeaderAsFirstFrameClosesBeforeItsBodyArrives() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.connect(port, this.key)) {
            connection.write(ByteBuffer.allocate(9).put((byte) 0x01).putLong(1_000_000).array());
            connection.assertClosedWithoutData(CLOSE_WAIT);
        }
    }

    @ParameterizedTest
    @ValueSource(bytes = { 0x02, 0x03, 0x7F, (byte) 0xFF })
    void pingOrUnknownTypeAsFirstFrameCloses(byte type) throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.connect(port, this.key)) {
            connection.write(new byte[] { type });
            connection.assertClosedWithoutData(CLOSE_WAIT);
        }
    }

    @Test
    void truncatedAuthClosesAfterTheHandshakeTimeoutWithoutAnswer() throws Exception {
        int port = echoServer((builder) -> builder.handshakeTimeout(Duration.ofMillis(500)));
        // taken before the connection exists, the start is no later than the server's: the bound is exact
        long start = System.nanoTime();
        try (SpecV1Connection connection = SpecV1Connection.connect(port, this.key)) {
            byte[] auth = SpecV1Connection.authFrame(this.key);
            connection.write(Arrays.copyOf(auth, 100));
            connection.assertClosedWithoutData(CLOSE_WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void silentClientIsClosedAfterTheHandshakeTimeout() throws Exception {
        int port = echoServer((builder) -> builder.handshakeTimeout(Duration.ofMillis(500)));
        long start = System.nanoTime();
        try (SpecV1Connection connection = SpecV1Connection.connect(port, this.key)) {
            connection.assertClosedWithoutData(CLOSE_WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed by the handshake timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void messagesSentRightBehindTheAuthInOneWriteAreAnswered() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.connect(port, this.key)) {
            connection.write(concat(SpecV1Connection.authFrame(this.key), messageFrame(this.key, bytes("one")),
                    messageFrame(this.key, bytes("two"))));
            assertThat(connection.readExactly(1)).containsExactly(0xFF);
            assertThat(connection.readResponse()).isEqualTo(bytes("one"));
            assertThat(connection.readResponse()).isEqualTo(bytes("two"));
        }
    }

    // §1.2 message

    @Test
    void responseIsLengthPrefixedAndDecryptsUnderFreshNonces() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.send(bytes("same"));
            byte[] first = connection.readSealedResponse();
            connection.send(bytes("same"));
            byte[] second = connection.readSealedResponse();
            assertThat(first).hasSize(4 + 28);
            assertThat(SpecV1Connection.open(this.key, first)).isEqualTo(bytes("same"));
            assertThat(SpecV1Connection.open(this.key, second)).isEqualTo(bytes("same"));
            assertThat(Arrays.copyOf(first, 12)).isNotEqualTo(Arrays.copyOf(second, 12));
        }
    }

    @Test
    void emptyHandlerResultIsSealedWithLength28() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.send(bytes("none"));
            byte[] sealed = connection.readSealedResponse();
            assertThat(sealed).hasSize(28);
            assertThat(SpecV1Connection.open(this.key, sealed)).isEmpty();
        }
    }

    @Test
    void handlerExceptionIsAnsweredWithEightZeroBytesAndTheConnectionKeepsWorking() throws Exception {
        FalcoServer server = TestServers.startEcho(this.key, (builder) -> { });
        this.servers.add(server);
        try (SpecV1Connection connection = SpecV1Connection.open(server.port(), this.key)) {
            connection.send(bytes("boom"));
            assertThat(connection.readExactly(8)).containsOnly(0);
            connection.send(bytes("null"));
            assertThat(connection.readExactly(8)).containsOnly(0);
            connection.send(bytes("refuse"));
            assertThat(connection.readExactly(8)).containsOnly(0);
            assertThat(connection.request(bytes("after"))).isEqualTo(bytes("after"));
        }
        assertThat(server.stats().handlerFailures()).isEqualTo(3);
    }

    @Test
    void badTagIsAnsweredWithEightZeroBytesAndTheConnectionKeepsWorking() throws Exception {
        FalcoServer server = TestServers.startEcho(this.key, (builder) -> { });
        this.servers.add(server);
        try (SpecV1Connection connection = SpecV1Connection.open(server.port(), this.key)) {
            byte[] frame = messageFrame(this.key, bytes("tampered"));
            frame[frame.length - 1] ^= 0x01;
            connection.write(frame);
            assertThat(connection.readExactly(8)).containsOnly(0);
            assertThat(connection.request(bytes("next"))).isEqualTo(bytes("next"));
        }
        assertThat(server.stats().decryptFailures()).isEqualTo(1);
    }

    @Test
    void messageUnderAnotherKeyIsAnsweredWithEightZeroBytes() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.write(messageFrame(SpecV1Connection.randomBytes(32), bytes("other key")));
            assertThat(connection.readExactly(8)).containsOnly(0);
            assertThat(connection.request(bytes("next"))).isEqualTo(bytes("next"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 5, 27 })
    void messageShorterThan28BytesIsAnsweredWithEightZeroBytes(int length) throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.write(messageFrameOf(SpecV1Connection.randomBytes(length)));
            assertThat(connection.readExactly(8)).containsOnly(0);
            assertThat(connection.request(bytes("next"))).isEqualTo(bytes("next"));
        }
    }

    @Test
    void pipelinedResponsesComeInRequestOrderIncludingEmptyOnes() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            byte[] bad = messageFrameOf(SpecV1Connection.randomBytes(40));
            connection.write(concat(messageFrame(this.key, bytes("a")), bad, messageFrame(this.key, bytes("boom")),
                    messageFrame(this.key, bytes("b"))));
            assertThat(connection.readResponse()).isEqualTo(bytes("a"));
            assertThat(connection.readResponse()).isNull();
            assertThat(connection.readResponse()).isNull();
            assertThat(connection.readResponse()).isEqualTo(bytes("b"));
        }
    }

    // §1.3 ping and lifetime

    @Test
    void pingGetsNoResponse() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.ping();
            connection.assertNothingReceivedFor(Duration.ofMillis(300));
            assertThat(connection.request(bytes("after ping"))).isEqualTo(bytes("after ping"));
        }
    }

    @Test
    void establishedConnectionIsClosedWhenItsLifetimeRunsOut() throws Exception {
        int port = echoServer((builder) -> builder.timeout(Duration.ofMillis(500)));
        // taken before the connection exists, the start is no later than the server's: the bound is exact
        long start = System.nanoTime();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.assertClosedWithoutData(CLOSE_WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void pingsResetTheLifetime() throws Exception {
        // a ping every 300 ms for one and a half lifetimes of 2 s: each gap leaves 1.7 s to a loaded machine
        int port = echoServer((builder) -> builder.timeout(Duration.ofSeconds(2)));
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < Duration.ofMillis(3000).toNanos()) {
                connection.ping();
                connection.assertNothingReceivedFor(Duration.ofMillis(300));
            }
            assertThat(connection.request(bytes("still open"))).isEqualTo(bytes("still open"));
        }
    }

    @Test
    void messagesResetTheLifetime() throws Exception {
        // a message every 300 ms for one and a half lifetimes of 2 s: each gap leaves 1.7 s to a loaded machine
        int port = echoServer((builder) -> builder.timeout(Duration.ofSeconds(2)));
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            long start = System.nanoTime();
            for (int i = 0; System.nanoTime() - start < Duration.ofMillis(3000).toNanos(); i++) {
                assertThat(connection.request(bytes("tick " + i))).isEqualTo(bytes("tick " + i));
                connection.assertNothingReceivedFor(Duration.ofMillis(300));
            }
            assertThat(connection.request(bytes("still open"))).isEqualTo(bytes("still open"));
        }
    }

    // §1.4 bad input

    @Test
    void unknownTypeOnAnEstablishedConnectionIsIgnored() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.write(new byte[] { 0x03, 0x7F, (byte) 0xFE });
            connection.assertNothingReceivedFor(Duration.ofMillis(200));
            assertThat(connection.request(bytes("after unknown"))).isEqualTo(bytes("after unknown"));
        }
    }

    @Test
    void unknownTypeBytesDoNotResetTheLifetime() throws Exception {
        int port = echoServer((builder) -> builder.timeout(Duration.ofMillis(500)));
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            long start = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - start < CLOSE_WAIT.toNanos()) {
                try {
                    connection.write(new byte[] { 0x42 });
                }
                catch (IOException ex) {
                    break;
                }
                closed = connection.isClosedByPeer(Duration.ofMillis(100));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CLOSE_WAIT);
        }
    }

    @Test
    void secondAuthOnAnEstablishedConnectionIsIgnored() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.write(SpecV1Connection.authFrame(this.key));
            connection.assertNothingReceivedFor(Duration.ofMillis(200));
            assertThat(connection.request(bytes("after auth"))).isEqualTo(bytes("after auth"));
        }
    }

    @Test
    void lengthOf2Pow63ClosesTheConnection() throws Exception {
        FalcoServer server = TestServers.startEcho(this.key, (builder) -> { });
        this.servers.add(server);
        try (SpecV1Connection connection = SpecV1Connection.open(server.port(), this.key)) {
            connection.write(ByteBuffer.allocate(9).put((byte) 0x01).putLong(0x8000000000000000L).array());
            connection.assertClosedWithoutData(CLOSE_WAIT);
        }
        assertThat(server.stats().oversizedFrames()).isEqualTo(1);
    }

    @Test
    void lengthOfAllOnesClosesTheConnection() throws Exception {
        int port = echoServer();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.write(ByteBuffer.allocate(9).put((byte) 0x01).putLong(-1L).array());
            connection.assertClosedWithoutData(CLOSE_WAIT);
        }
    }

    @Test
    void lengthOneAboveTheMaximumFrameSizeClosesTheConnection() throws Exception {
        int port = echoServer((builder) -> builder.maxFrameSize(1024));
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.write(ByteBuffer.allocate(9).put((byte) 0x01).putLong(1025).array());
            connection.assertClosedWithoutData(CLOSE_WAIT);
        }
    }

    @Test
    void lengthEqualToTheMaximumFrameSizeIsServed() throws Exception {
        int port = echoServer((builder) -> builder.maxFrameSize(1024));
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            byte[] payload = SpecV1Connection.randomBytes(1024 - 28);
            assertThat(connection.request(payload)).isEqualTo(payload);
        }
    }

    @Test
    void peerThatStopsMidFrameIsClosedWhenTheLifetimeRunsOut() throws Exception {
        int port = echoServer((builder) -> builder.timeout(Duration.ofMillis(500)));
        long start = System.nanoTime();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            byte[] frame = messageFrame(this.key, SpecV1Connection.randomBytes(1000));
            connection.write(Arrays.copyOf(frame, 500));
            connection.assertClosedWithoutData(CLOSE_WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed by the lifetime")
                .isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void bytesAreCounted() throws Exception {
        FalcoServer server = TestServers.startEcho(this.key, (builder) -> { });
        this.servers.add(server);
        try (SpecV1Connection connection = SpecV1Connection.open(server.port(), this.key)) {
            assertThat(connection.request(bytes("12345"))).isEqualTo(bytes("12345"));
        }
        assertThat(server.stats().bytesReceived()).isEqualTo(157 + 9 + 5 + 28);
        assertThat(server.stats().bytesSent()).isEqualTo(1 + 8 + 5 + 28);
        assertThat(server.stats().requests()).isEqualTo(1);
    }

}
