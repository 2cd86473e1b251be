package io.falcotcp.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.falcotcp.testsupport.Await;
import io.falcotcp.testsupport.SpecSession;
import io.falcotcp.testsupport.SpecSessionConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server against {@link SpecSessionConnection}, a session-mode client written from the protocol document with
 * a plain socket, the JDK's AES-GCM and BouncyCastle's low-level HKDF and X25519: the negotiation, a round trip per
 * frame kind, compression (lz4-java's raw block API on the client's side), request ids, the key lifetime, and the
 * rules that close a connection without an answer.
 */
class IndependentSessionClientTests {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private static final int SEGMENTS = SpecSession.SEGMENTS;

    private static final int LZ4 = SpecSession.LZ4;

    private final byte[] psk = SpecSession.randomBytes(32);

    private final Queue<String> handled = new ConcurrentLinkedQueue<>();

    private FalcoServer server;

    @AfterEach
    void stop() {
        if (this.server != null) {
            this.server.stop();
        }
    }

    private int start(Consumer<FalcoServer.Builder> customizer) {
        this.server = TestServers.start(this.psk, (builder) -> {
            builder.handler((request, context) -> {
                this.handled.add(context.route() + ":" + new String(request, 0, Math.min(request.length, 16),
                        StandardCharsets.UTF_8));
                return TestServers.ECHO.handle(request, context);
            });
            customizer.accept(builder);
        });
        return this.server.port();
    }

    private int start() {
        return start((builder) -> {
        });
    }

    private SpecSessionConnection open(int port) throws IOException {
        SpecSessionConnection connection = SpecSessionConnection.open(port, this.psk, 0);
        connection.pingPong();
        return connection;
    }

    @Test
    void replyAnnouncesTheServersSettingsAndItsKeysOpenTheFirstFrame() throws Exception {
        int port = start((builder) -> builder.maxInFlightPerSession(12).maxFrameSize(1 << 20)
            .maxDecompressedBody(4096).sessionKeyLifetime(Duration.ofMinutes(7)));
        try (SpecSessionConnection connection = SpecSessionConnection.open(port, this.psk, 0b11)) {
            assertThat(connection.acceptedFeatures()).as("segments offered, LZ4 not enabled").isEqualTo(SEGMENTS);
            assertThat(connection.maxInFlight()).isEqualTo(12);
            assertThat(connection.maxFrameSize()).isEqualTo(1 << 20);
            assertThat(connection.maxDecompressedBody()).isEqualTo(4096);
            assertThat(connection.keyLifetimeSeconds()).isEqualTo(7 * 60);
            connection.pingPong();
        }
        assertThat(this.server.stats().sessionHandshakes()).isEqualTo(1);
    }

    @Test
    void requestWithARouteIsAnsweredWithItsIdAndBody() throws Exception {
        int port = start();
        try (SpecSessionConnection connection = open(port)) {
            connection.send(SpecSession.request(0x01020304, 0, "orders.create", bytes("hello")));
            SpecSessionConnection.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(0x01020304);
            assertThat(response.flags()).isZero();
            assertThat(response.status()).isZero();
            assertThat(response.message()).isEmpty();
            assertThat(response.rest()).isEqualTo(bytes("hello"));
            connection.send(SpecSession.request(2, 0, "", bytes("default")));
            assertThat(connection.readResponse().rest()).isEqualTo(bytes("default"));
        }
        assertThat(this.handled).containsExactly("orders.create:hello", "null:default");
    }

    @Test
    void failedRequestIsAnsweredWithItsStatusAndMessageAndNoBody() throws Exception {
        int port = start();
        try (SpecSessionConnection connection = open(port)) {
            connection.send(SpecSession.request(9, 0, "", bytes("refuse")));
            SpecSessionConnection.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(9);
            assertThat(response.status()).as("BAD_REQUEST").isEqualTo(2);
            assertThat(response.message()).isEqualTo("refused on purpose");
            assertThat(response.rest()).isEmpty();
        }
    }

    @Test
    void everyPingIsAnsweredWithOnePong() throws Exception {
        int port = start();
        try (SpecSessionConnection connection = open(port)) {
            for (int i = 0; i < 3; i++) {
                connection.send(new byte[] { SpecSession.KIND_PING });
            }
            for (int i = 0; i < 3; i++) {
                assertThat(connection.read()).containsExactly(SpecSession.KIND_PONG);
            }
        }
    }

    @Test
    void cancelledRequestIsNeverAnsweredNorHandled() throws Exception {
        CountDownLatch firstEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int port = start((builder) -> builder.handlerThreads(1).handler((request, context) -> {
            String text = new String(request, StandardCharsets.UTF_8);
            this.handled.add(text);
            if (text.equals("first")) {
                firstEntered.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            return request;
        }));
        try (SpecSessionConnection connection = open(port)) {
            connection.send(SpecSession.request(1, 0, "", bytes("first")));
            assertThat(firstEntered.await(30, TimeUnit.SECONDS)).isTrue();
            connection.send(SpecSession.request(2, 0, "", bytes("cancelled")));
            connection.send(SpecSession.withId(SpecSession.KIND_CANCEL, 2, new byte[0]));
            connection.send(SpecSession.withId(SpecSession.KIND_CANCEL, 77, new byte[0]));
            // the pong is written after the server read both cancels, while the only handler thread still waits
            connection.pingPong();
            release.countDown();
            connection.send(SpecSession.request(3, 0, "", bytes("third")));
            assertThat(connection.readResponse().id()).isEqualTo(1);
            assertThat(connection.readResponse().id()).isEqualTo(3);
        }
        assertThat(this.handled).containsExactly("first", "third");
    }

    @Test
    void largeBodiesTravelInSegmentsBothWays() throws Exception {
        int port = start();
        byte[] body = SpecSession.randomBytes(300_000);
        try (SpecSessionConnection connection = SpecSessionConnection.open(port, this.psk, SEGMENTS)) {
            assertThat(connection.acceptedFeatures()).isEqualTo(SEGMENTS);
            connection.pingPong();
            int first = 100_000;
            connection.send(SpecSession.concat(SpecSession.request(4, SEGMENTS, "big", new byte[0]),
                    ByteBuffer.allocate(4).putInt(body.length).array(), Arrays.copyOf(body, first)));
            for (int offset = first; offset < body.length; offset += 70_000) {
                connection.send(SpecSession.withId(SpecSession.KIND_CLIENT_CONTINUATION, 4,
                        Arrays.copyOfRange(body, offset, Math.min(body.length, offset + 70_000))));
            }
            SpecSessionConnection.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(4);
            assertThat(response.status()).isZero();
            byte[] echoed = response.rest();
            if ((response.flags() & SEGMENTS) != 0) {
                ByteBuffer header = ByteBuffer.wrap(echoed);
                int bodyLength = header.getInt();
                assertThat(bodyLength).isEqualTo(body.length);
                List<byte[]> segments = new ArrayList<>();
                segments.add(Arrays.copyOfRange(echoed, 4, echoed.length));
                int received = echoed.length - 4;
                while (received < bodyLength) {
                    ByteBuffer continuation = ByteBuffer.wrap(connection.read());
                    assertThat(continuation.get() & 0xFF).isEqualTo(SpecSession.KIND_SERVER_CONTINUATION);
                    assertThat(continuation.getInt()).isEqualTo(4);
                    byte[] segment = new byte[continuation.remaining()];
                    continuation.get(segment);
                    segments.add(segment);
                    received += segment.length;
                }
                echoed = SpecSession.concat(segments.toArray(byte[][]::new));
                assertThat(segments).as("response segments").hasSizeGreaterThan(1);
            }
            else {
                throw new AssertionError("a 300,000-byte response was not sent in segments");
            }
            assertThat(echoed).isEqualTo(body);
        }
    }

    @Test
    void compressedRequestIsAnsweredWithACompressedResponse() throws Exception {
        int port = start((builder) -> builder.compression(true).compressionThreshold(256));
        byte[] body = bytes("all work and no play makes jack a dull boy ".repeat(1000));
        try (SpecSessionConnection connection = SpecSessionConnection.open(port, this.psk, LZ4)) {
            assertThat(connection.acceptedFeatures()).isEqualTo(LZ4);
            connection.pingPong();
            byte[] compressed = SpecSession.lz4(body);
            assertThat(compressed.length).isLessThan(body.length / 10);
            connection.send(SpecSession.request(3, LZ4, "", compressed));
            SpecSessionConnection.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(3);
            assertThat(response.status()).isZero();
            assertThat(response.flags()).as("response compressed").isEqualTo(LZ4);
            assertThat(response.rest().length).isLessThan(body.length / 10);
            assertThat(SpecSession.unlz4(response.rest(), 1 << 20)).isEqualTo(body);
        }
        assertThat(this.handled).containsExactly("null:all work and no ");
    }

    @ParameterizedTest(name = "length prefix {0}, expanding to {1} bytes")
    @CsvSource({ "65537, 65537", "1024, 1048576" })
    void compressedBodyBeyondTheAnnouncedLimitClosesWithoutAnswer(int claimed, int expanded) throws Exception {
        int port = start((builder) -> builder.compression(true).maxDecompressedBody(64 * 1024));
        try (SpecSessionConnection connection = SpecSessionConnection.open(port, this.psk, LZ4)) {
            assertThat(connection.acceptedFeatures()).isEqualTo(LZ4);
            assertThat(connection.maxDecompressedBody()).isEqualTo(64 * 1024);
            connection.pingPong();
            byte[] bomb = SpecSession.lz4Claiming(claimed, expanded);
            assertThat(bomb.length).as("a small frame").isLessThan(8 * 1024);
            connection.send(SpecSession.request(1, LZ4, "", bomb));
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        assertThat(this.handled).isEmpty();
    }

    @Test
    void requestIdStillInFlightClosesWithoutAnswer() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int port = start((builder) -> builder.handler((request, context) -> {
            this.handled.add(new String(request, StandardCharsets.UTF_8));
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
            return request;
        }));
        try (SpecSessionConnection connection = open(port)) {
            connection.send(SpecSession.request(1, 0, "", bytes("first")));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            connection.send(SpecSession.request(1, 0, "", bytes("same id")));
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        finally {
            release.countDown();
        }
        assertThat(this.handled).containsExactly("first");
        assertThat(this.server.stats().sessionProtocolErrors()).isEqualTo(1);
    }

    @Test
    void requestIdIsReusedOnceItsResponseArrived() throws Exception {
        int port = start();
        try (SpecSessionConnection connection = open(port)) {
            for (String body : List.of("first", "second")) {
                connection.send(SpecSession.request(1, 0, "", bytes(body)));
                SpecSessionConnection.Response response = connection.readResponse();
                assertThat(response.id()).isEqualTo(1);
                assertThat(response.rest()).isEqualTo(bytes(body));
            }
        }
        assertThat(this.handled).containsExactly("null:first", "null:second");
    }

    @Test
    void connectionIsRetiredAtTheAnnouncedKeyLifetimeAfterItsRequestInFlightIsAnswered() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int port = start((builder) -> builder.sessionKeyLifetime(Duration.ofSeconds(2)).timeout(Duration.ofSeconds(30))
            .handler((request, context) -> {
                entered.countDown();
                release.await(30, TimeUnit.SECONDS);
                return request;
            }));
        // taken before the session exists, the start is no later than the server's: the lower bound is exact
        long start = System.nanoTime();
        try (SpecSessionConnection connection = open(port)) {
            assertThat(connection.keyLifetimeSeconds()).isEqualTo(2);
            long established = System.nanoTime();
            connection.send(SpecSession.request(7, 0, "", bytes("in flight")));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            // answered after the keys ran out (a server slower than this answers before it retires the connection:
            // that passes too, without testing the request in flight)
            Await.until("the key lifetime passed", () -> System.nanoTime() - established > 2_500_000_000L);
            release.countDown();
            SpecSessionConnection.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(7);
            assertThat(response.rest()).isEqualTo(bytes("in flight"));
            // then end-of-stream, long before the 30 s lifetime of an idle connection
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2),
                    Duration.ofSeconds(25));
        }
        finally {
            release.countDown();
        }
        assertThat(this.server.stats().sessionProtocolErrors()).isZero();
    }

    @Test
    void firstFrameThatDoesNotOpenClosesTheHandshakeWithoutAnswer() throws Exception {
        int port = start();
        try (SpecSessionConnection connection = SpecSessionConnection.open(port, this.psk, 0)) {
            byte[] frame = connection.frame(new byte[] { SpecSession.KIND_PING });
            frame[frame.length - 1] ^= 1;
            connection.write(frame);
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        assertThat(this.server.stats().authenticationFailures()).isEqualTo(1);
    }

    @Test
    void replayedFrameClosesWithoutAnswer() throws Exception {
        int port = start();
        try (SpecSessionConnection connection = open(port)) {
            byte[] request = connection.frame(SpecSession.request(1, 0, "", bytes("once")));
            connection.write(request);
            assertThat(connection.readResponse().rest()).isEqualTo(bytes("once"));
            connection.write(request);
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        assertThat(this.handled).containsExactly("null:once");
    }

    @Test
    void frameSealedUnderASkippedCounterClosesWithoutAnswer() throws Exception {
        int port = start();
        try (SpecSessionConnection connection = open(port)) {
            connection.frame(SpecSession.request(1, 0, "", bytes("deleted")));
            connection.send(SpecSession.request(2, 0, "", bytes("after")));
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        assertThat(this.handled).isEmpty();
    }

    @Test
    void modifiedFrameClosesWithoutAnswer() throws Exception {
        int port = start();
        try (SpecSessionConnection connection = open(port)) {
            byte[] frame = connection.frame(SpecSession.request(1, 0, "", bytes("modified")));
            frame[8] ^= 0x40;
            connection.write(frame);
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        assertThat(this.handled).isEmpty();
    }

    @Test
    void unknownKindClosesWithoutAnswer() throws Exception {
        assertClosesWithoutAnswer(new byte[] { 0x7E, 0, 0, 0, 1 });
    }

    @Test
    void unknownFlagBitClosesWithoutAnswer() throws Exception {
        assertClosesWithoutAnswer(SpecSession.request(1, 0b100, "", bytes("flags")));
    }

    @Test
    void frameOfTheServersKindClosesWithoutAnswer() throws Exception {
        assertClosesWithoutAnswer(new byte[] { SpecSession.KIND_PONG });
    }

    @Test
    void pingWithTrailingBytesClosesWithoutAnswer() throws Exception {
        assertClosesWithoutAnswer(new byte[] { SpecSession.KIND_PING, 0 });
    }

    @Test
    void routeThatIsNotUtf8ClosesWithoutAnswer() throws Exception {
        byte[] request = SpecSession.request(1, 0, "ab", bytes("body"));
        request[7] = (byte) 0xC3;
        request[8] = (byte) 0x28;
        assertClosesWithoutAnswer(request);
    }

    @Test
    void truncatedRequestClosesWithoutAnswer() throws Exception {
        assertClosesWithoutAnswer(new byte[] { SpecSession.KIND_REQUEST, 0, 0 });
    }

    @Test
    void continuationWithoutABodyInSegmentsClosesWithoutAnswer() throws Exception {
        assertClosesWithoutAnswer(SpecSession.withId(SpecSession.KIND_CLIENT_CONTINUATION, 1, bytes("stray")));
    }

    @Test
    void frameLengthBelowATagClosesWithoutAnswer() throws Exception {
        int port = start();
        try (SpecSessionConnection connection = open(port)) {
            connection.write(new byte[] { 0, 0, 0, 15 });
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
    }

    @Test
    void frameLengthAboveTheAnnouncedMaximumClosesBeforeTheBodyArrives() throws Exception {
        int port = start((builder) -> builder.maxFrameSize(64 * 1024));
        try (SpecSessionConnection connection = open(port)) {
            assertThat(connection.maxFrameSize()).isEqualTo(64 * 1024);
            connection.write(ByteBuffer.allocate(4).putInt(64 * 1024 + 1).array());
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
    }

    @Test
    void frameReflectedBackFromTheServerClosesWithoutAnswer() throws Exception {
        int port = start();
        try (SpecSessionConnection connection = open(port)) {
            // the pong of open(), sealed under the server's key: the server must not open it as a client frame
            connection.write(connection.lastFrameRead());
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
    }

    private void assertClosesWithoutAnswer(byte[] plaintext) throws Exception {
        int port = start();
        try (SpecSessionConnection connection = open(port)) {
            connection.send(plaintext);
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        assertThat(this.handled).isEmpty();
        assertThat(this.server.stats().sessionProtocolErrors()).isEqualTo(1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
