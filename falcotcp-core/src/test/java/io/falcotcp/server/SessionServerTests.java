package io.falcotcp.server;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.Lz4BodyCompression;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.protocol.SessionHandshake;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.testsupport.Await;
import io.falcotcp.testsupport.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server side of the session mode over real sockets: negotiation with plain and session clients, replay
 * protection, statuses, cancel and the announced in-flight limit.
 */
class SessionServerTests {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private final FalcoKey key = FalcoKey.generate();

    private final Queue<String> handled = new ConcurrentLinkedQueue<>();

    private final Queue<RequestContext> contexts = new ConcurrentLinkedQueue<>();

    private FalcoServer server;

    @AfterEach
    void stop() {
        if (this.server != null) {
            this.server.stop();
        }
    }

    private int start(Consumer<FalcoServer.Builder> customizer) {
        this.server = TestServers.start(this.key.toByteArray(), (builder) -> {
            builder.handler((request, context) -> {
                this.handled.add(new String(request, StandardCharsets.UTF_8));
                this.contexts.add(context);
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

    @Test
    void sessionClientIsAnsweredWithItsRouteInTheContext() throws Exception {
        int port = start();
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            assertThat(connection.session().maxInFlight()).isEqualTo(256);
            connection.write(connection.frame(new SessionMessage.Request(7, "orders.create", bytes("hello"))));
            SessionMessage.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(7);
            assertThat(response.status()).isEqualTo(RequestStatus.OK);
            assertThat(response.body()).isEqualTo(bytes("hello"));
        }
        RequestContext context = this.contexts.poll();
        assertThat(context.sessionMode()).isTrue();
        assertThat(context.route()).isEqualTo("orders.create");
        assertThat(context.features()).isEmpty();
    }

    @Test
    void plainV1ClientIsServedAsV1() throws Exception {
        int port = start();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key.toByteArray())) {
            assertThat(connection.request(bytes("plain"))).isEqualTo(bytes("plain"));
        }
        RequestContext context = this.contexts.poll();
        assertThat(context.sessionMode()).isFalse();
        assertThat(context.route()).isNull();
    }

    @Test
    void serverThatRefusesPlainV1ClosesAPlainClientWithoutAnswerAndServesSessionClients() throws Exception {
        int port = start((builder) -> builder.refusePlainV1(true));
        try (SpecV1Connection connection = SpecV1Connection.connect(port, this.key.toByteArray())) {
            connection.write(SpecV1Connection.authFrame(this.key.toByteArray()));
            connection.assertClosedWithoutData(CLOSE_WAIT);
        }
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            connection.write(connection.frame(new SessionMessage.Request(1, null, bytes("ok"))));
            assertThat(connection.readResponse().body()).isEqualTo(bytes("ok"));
        }
        assertThat(this.server.stats().authenticationFailures()).isEqualTo(1);
    }

    @Test
    void statusesAndSafeMessagesAreAnsweredPerRequest() throws Exception {
        int port = start();
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            connection.write(connection.frame(new SessionMessage.Request(1, null, bytes("refuse"))));
            SessionMessage.Response refused = connection.readResponse();
            assertThat(refused.status()).isEqualTo(RequestStatus.BAD_REQUEST);
            assertThat(refused.message()).isEqualTo("refused on purpose");
            connection.write(connection.frame(new SessionMessage.Request(2, null, bytes("boom"))));
            SessionMessage.Response failed = connection.readResponse();
            assertThat(failed.status()).isEqualTo(RequestStatus.HANDLER_ERROR);
            assertThat(failed.message()).doesNotContain("on purpose").doesNotContain("Exception");
            assertThat(failed.body()).isEmpty();
        }
    }

    @Test
    void executorThatRefusesAnswersOverloaded() throws Exception {
        this.server = TestServers.start(this.key.toByteArray(), (builder) -> builder.handler(TestServers.ECHO)
            .handlerExecutor((task) -> {
                throw new RejectedExecutionException("full");
            }));
        try (SessionTestConnection connection = SessionTestConnection.open(this.server.port(), this.key)) {
            connection.write(connection.frame(new SessionMessage.Request(1, null, bytes("x"))));
            assertThat(connection.readResponse().status()).isEqualTo(RequestStatus.OVERLOADED);
        }
    }

    @Test
    void recordedSessionReplayedOnNewConnectionsGetsNoByteAndCostsNoKeyAgreement() throws Exception {
        int port = start();
        byte[] recorded;
        try (TestProxy proxy = new TestProxy(port);
                FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(proxy.port()).key(this.key)
                    .pingInterval(Duration.ZERO).build()) {
            assertThat(client.request("payments", bytes("transfer 100"))).isEqualTo(bytes("transfer 100"));
            assertThat(client.sessionConnections()).isEqualTo(1);
            recorded = proxy.recordedClientBytes();
        }
        assertThat(this.handled).containsExactly("transfer 100");
        assertThat(recorded.length).isGreaterThan(157);
        long agreements = this.server.stats().sessionHandshakes();
        for (int i = 0; i < 100; i++) {
            try (Socket attacker = new Socket()) {
                attacker.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                attacker.setSoTimeout((int) CLOSE_WAIT.toMillis());
                attacker.getOutputStream().write(recorded);
                attacker.getOutputStream().flush();
                // closed without a byte: the hello was seen before, so no reply, no key agreement
                assertThat(attacker.getInputStream().readAllBytes()).isEmpty();
            }
        }
        assertThat(this.server.stats().replayedHandshakes()).isEqualTo(100);
        assertThat(this.server.stats().sessionHandshakes()).isEqualTo(agreements);
        assertThat(this.handled).containsExactly("transfer 100");
    }

    @Test
    void largeBodiesTravelInSegmentsBothWaysBetweenTheProjectsClientAndServer() throws Exception {
        int port = start();
        byte[] body = new byte[1024 * 1024 + 7];
        new java.util.Random(11).nextBytes(body);
        try (TestProxy proxy = new TestProxy(port);
                FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(proxy.port()).key(this.key)
                    .pingInterval(Duration.ZERO).build()) {
            assertThat(client.request(body)).isEqualTo(body);
            // after the 157-byte hello: the first ping, then the request in frames of at most 64 KiB of plaintext
            java.nio.ByteBuffer sent = java.nio.ByteBuffer.wrap(proxy.recordedClientBytes());
            sent.position(157);
            int frames = 0;
            while (sent.remaining() >= 4) {
                int length = sent.getInt();
                assertThat(length).isLessThanOrEqualTo(64 * 1024 + 16);
                sent.position(sent.position() + length);
                frames++;
            }
            assertThat(frames).isEqualTo(1 + 17);
        }
        assertThat(this.contexts.poll().features()).contains(SessionFeature.SEGMENTS);
    }

    @Test
    void frameReplayedInsideTheSessionClosesTheConnection() throws Exception {
        int port = start();
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            byte[] frame = connection.frame(new SessionMessage.Request(1, null, bytes("once")));
            connection.write(frame);
            assertThat(connection.readResponse().body()).isEqualTo(bytes("once"));
            connection.write(frame);
            assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
        }
        assertThat(this.handled).containsExactly("once");
    }

    @Test
    void reorderedFramesCloseTheConnection() throws Exception {
        int port = start();
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            byte[] first = connection.frame(new SessionMessage.Request(1, null, bytes("first")));
            byte[] second = connection.frame(new SessionMessage.Request(2, null, bytes("second")));
            connection.write(second);
            connection.write(first);
            assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
        }
        assertThat(this.handled).isEmpty();
    }

    @Test
    void deletedFrameClosesTheConnection() throws Exception {
        int port = start();
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            connection.frame(new SessionMessage.Request(1, null, bytes("dropped by the attacker")));
            connection.write(connection.frame(new SessionMessage.Request(2, null, bytes("second"))));
            assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
        }
        assertThat(this.handled).isEmpty();
    }

    @Test
    void flippedBitClosesTheConnection() throws Exception {
        int port = start();
        for (int position : new int[] { 4, 12, 20 }) {
            try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
                byte[] frame = connection.frame(new SessionMessage.Request(1, null, bytes("transfer 100")));
                frame[position] ^= 0x01;
                connection.write(frame);
                assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
            }
        }
        assertThat(this.handled).isEmpty();
    }

    @Test
    void serverReplyReplayedToAnotherHandshakeIsRejected() throws Exception {
        int port = start();
        try (SessionTestConnection first = SessionTestConnection.hello(port, this.key);
                SessionTestConnection second = SessionTestConnection.hello(port, this.key)) {
            byte[] firstReply = first.readReply();
            byte[] secondReply = second.readReply();
            assertThat(second.handshake().finish(firstReply)).isNull();
            assertThat(first.handshake().finish(secondReply)).isNull();
            assertThat(second.handshake().finish(secondReply)).isNotNull();
        }
    }

    @Test
    void keyRotationAcceptsClientsOfTheNewAndTheOldKeyUntilTheOldIsRemoved() throws Exception {
        FalcoKey newKey = FalcoKey.generate();
        this.server = TestServers.start(newKey.toByteArray(), (builder) -> builder.handler(TestServers.ECHO)
            .keys(List.of(newKey, this.key)));
        for (FalcoKey clientKey : List.of(newKey, this.key)) {
            try (SessionTestConnection connection = SessionTestConnection.open(this.server.port(), clientKey)) {
                connection.write(connection.frame(new SessionMessage.Request(1, null, bytes("rotating"))));
                assertThat(connection.readResponse().body()).isEqualTo(bytes("rotating"));
            }
            try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), clientKey.toByteArray())) {
                assertThat(connection.request(bytes("v1"))).isEqualTo(bytes("v1"));
            }
        }
        this.server.stop();
        this.server = TestServers.start(newKey.toByteArray(), (builder) -> builder.handler(TestServers.ECHO));
        try (SessionTestConnection connection = SessionTestConnection.hello(this.server.port(), this.key)) {
            assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
        }
    }

    @Test
    void serverStopsReadingAtTheAnnouncedInFlightLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger entered = new AtomicInteger();
        this.server = TestServers.start(this.key.toByteArray(), (builder) -> builder.handlerThreads(32)
            .maxInFlightPerSession(8)
            .handler((request, context) -> {
                entered.incrementAndGet();
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await(30, TimeUnit.SECONDS);
                }
                finally {
                    running.decrementAndGet();
                }
                return request;
            }));
        try (SessionTestConnection connection = SessionTestConnection.open(this.server.port(), this.key)) {
            assertThat(connection.session().maxInFlight()).isEqualTo(8);
            for (int id = 0; id < 40; id++) {
                connection.write(connection.frame(new SessionMessage.Request(id, null, bytes("r" + id))));
            }
            Await.until("eight requests handled", () -> entered.get() >= 8);
            // what must not happen is watched for a short window: on a loaded machine it can only miss a ninth
            Await.holdsFor("no ninth request handled", Duration.ofMillis(300), () -> entered.get() == 8);
            release.countDown();
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                SessionMessage.Response response = connection.readResponse();
                assertThat(response.body()).isEqualTo(bytes("r" + response.id()));
                ids.add(response.id());
            }
            assertThat(ids).hasSize(40);
        }
        assertThat(peak.get()).isEqualTo(8);
    }

    @Test
    void cancelledRequestIsSkippedAndNeverAnswered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        this.server = TestServers.start(this.key.toByteArray(), (builder) -> builder.handlerThreads(1)
            .handler((request, context) -> {
                this.handled.add(new String(request, StandardCharsets.UTF_8));
                release.await(30, TimeUnit.SECONDS);
                return request;
            }));
        try (SessionTestConnection connection = SessionTestConnection.open(this.server.port(), this.key)) {
            connection.write(connection.frame(new SessionMessage.Request(1, null, bytes("first"))));
            connection.write(connection.frame(new SessionMessage.Request(2, null, bytes("cancelled"))));
            connection.write(connection.frame(new SessionMessage.Cancel(2)));
            // the pong is written once the server read the cancel, while the only handler thread holds the first
            connection.write(connection.frame(SessionMessage.Ping.INSTANCE));
            assertThat(connection.readMessage()).isEqualTo(SessionMessage.Pong.INSTANCE);
            release.countDown();
            assertThat(connection.readResponse().id()).isEqualTo(1);
            connection.write(connection.frame(new SessionMessage.Request(3, null, bytes("third"))));
            assertThat(connection.readResponse().id()).isEqualTo(3);
        }
        assertThat(this.handled).containsExactly("first", "third");
    }

    @Test
    void requestIdAlreadyInFlightClosesTheConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        this.server = TestServers.start(this.key.toByteArray(), (builder) -> builder
            .handler((request, context) -> {
                release.await(30, TimeUnit.SECONDS);
                return request;
            }));
        try (SessionTestConnection connection = SessionTestConnection.open(this.server.port(), this.key)) {
            connection.write(connection.frame(new SessionMessage.Request(5, null, bytes("a"))));
            connection.write(connection.frame(new SessionMessage.Request(5, null, bytes("b"))));
            assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void compressedBodyWithoutNegotiatedCompressionClosesTheConnection() throws Exception {
        int port = start();
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key,
                SessionFeature.LZ4.mask())) {
            assertThat(connection.session().features()).isZero();
            connection.write(connection.frame(new SessionMessage.Request(1, null, new byte[0]),
                    new Lz4BodyCompression(0, 1024).compress(new byte[512])));
            assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
        }
        assertThat(this.handled).isEmpty();
    }

    @Test
    void compressedBodyDeclaringMoreThanTheDecompressionLimitClosesBeforeDecompressing() throws Exception {
        int port = start((builder) -> builder.compression(true).maxDecompressedBody(64 * 1024));
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key,
                SessionFeature.LZ4.mask())) {
            assertThat(connection.session().features()).isEqualTo(SessionFeature.LZ4.mask());
            byte[] bomb = new Lz4BodyCompression(0, Integer.MAX_VALUE).compress(new byte[1024 * 1024]);
            assertThat(bomb.length).isLessThan(8 * 1024);
            connection.write(connection.frame(new SessionMessage.Request(1, null, new byte[0]), bomb));
            assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
        }
        assertThat(this.handled).isEmpty();
    }

    @Test
    void eachSessionPingIsAnsweredWithExactlyOnePong() throws Exception {
        int port = start();
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            byte[] ping = connection.frame(SessionMessage.Ping.INSTANCE);
            byte[] secondPing = connection.frame(SessionMessage.Ping.INSTANCE);
            byte[] request = connection.frame(new SessionMessage.Request(9, null, bytes("after the pings")));
            connection.write(ping);
            assertThat(connection.readMessage()).isEqualTo(SessionMessage.Pong.INSTANCE);
            connection.write(secondPing);
            connection.write(request);
            // the next frames under the next counters: one pong, then the response, and nothing in between
            assertThat(connection.readMessage()).isEqualTo(SessionMessage.Pong.INSTANCE);
            SessionMessage.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(9);
            assertThat(response.body()).isEqualTo(bytes("after the pings"));
        }
        assertThat(this.handled).containsExactly("after the pings");
    }

    @Test
    void framesThatBreakAConfirmedSessionAreCountedAsSessionProtocolErrors() throws Exception {
        int port = start();
        List<Function<SessionTestConnection, byte[]>> breakers = List.of(
                (connection) -> flipped(connection.frame(new SessionMessage.Request(1, null, bytes("flipped")))),
                (connection) -> {
                    connection.frame(SessionMessage.Ping.INSTANCE);
                    return connection.frame(SessionMessage.Ping.INSTANCE);
                },
                (connection) -> connection.frame(SessionMessage.Pong.INSTANCE),
                (connection) -> connection.frame(SessionMessage.GoingAway.INSTANCE),
                (connection) -> new byte[] { 0, 0, 0, 3 });
        for (Function<SessionTestConnection, byte[]> breaker : breakers) {
            try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
                connection.write(connection.frame(SessionMessage.Ping.INSTANCE));
                assertThat(connection.readMessage()).isEqualTo(SessionMessage.Pong.INSTANCE);
                connection.write(breaker.apply(connection));
                assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
            }
        }
        assertThat(this.server.stats().sessionProtocolErrors()).isEqualTo(breakers.size());
        assertThat(this.server.stats().authenticationFailures()).isZero();
        assertThat(this.server.stats().decryptFailures()).isZero();
        assertThat(this.handled).isEmpty();
    }

    @Test
    void firstSessionFrameThatDoesNotOpenFailsTheHandshake() throws Exception {
        int port = start();
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            assertThat(this.server.stats().pendingHandshakes()).isEqualTo(1);
            connection.write(flipped(connection.frame(new SessionMessage.Request(1, null, bytes("flipped")))));
            assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
        }
        assertThat(this.server.stats().authenticationFailures()).isEqualTo(1);
        assertThat(this.server.stats().sessionProtocolErrors()).isZero();
        assertThat(this.handled).isEmpty();
    }

    @Test
    void sessionConnectionThatNeverSendsAFrameIsClosedAtTheHandshakeTimeout() throws Exception {
        // 2 s, not less: the reply must come before the handshake timeout, which busy cores cannot promise in 300 ms
        int port = start((builder) -> builder.handshakeTimeout(Duration.ofSeconds(2)));
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            // the reply came, but without a first frame the client has not proven it derived the keys
            assertThat(connection.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
        }
        assertThat(this.server.stats().authenticationFailures()).isEqualTo(1);
        assertThat(this.server.stats().pendingHandshakes()).isZero();
    }

    private static byte[] flipped(byte[] frame) {
        frame[20] ^= 0x01;
        return frame;
    }

}
