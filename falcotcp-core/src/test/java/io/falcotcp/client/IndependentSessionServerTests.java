package io.falcotcp.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.testsupport.Await;
import io.falcotcp.testsupport.SpecSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against {@link SpecSessionServer}, a session-mode server written from the protocol document with a
 * plain socket, the JDK's AES-GCM and BouncyCastle's low-level HKDF and X25519: the negotiation, a round trip per
 * frame kind, compression (lz4-java's raw block API on the server's side), the key lifetime, and the replies and
 * frames the client must refuse.
 */
class IndependentSessionServerTests {

    private final byte[] psk = SpecSession.randomBytes(32);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
    }

    @Test
    void firstFrameIsAPingThenRequestsCarryTheirRoutes() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk).start());
        FalcoTcpClient client = client(server.port(), (builder) -> {
        });
        assertThat(client.request("orders.create", bytes("one"))).isEqualTo(bytes("one"));
        assertThat(client.request(bytes("two"))).isEqualTo(bytes("two"));
        assertThat(client.sessionConnections()).isEqualTo(1);
        List<byte[]> received = server.received();
        assertThat(received).hasSize(3);
        assertThat(received.get(0)).as("key confirmation").containsExactly(SpecSession.KIND_PING);
        assertThat(received.get(1)).isEqualTo(SpecSession.request(idOf(received.get(1)), 0, "orders.create",
                bytes("one")));
        assertThat(received.get(2)).isEqualTo(SpecSession.request(idOf(received.get(2)), 0, "", bytes("two")));
    }

    @Test
    void responseStatusAndMessageReachTheCaller() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk).start());
        FalcoTcpClient client = client(server.port(), (builder) -> {
        });
        assertThatThrownBy(() -> client.request("orders.create", bytes("refuse")))
            .isInstanceOfSatisfying(FalcoRemoteException.class,
                    (ex) -> assertThat(ex.status()).isEqualTo(RequestStatus.BAD_REQUEST))
            .hasMessageContaining("refused by the spec server");
        assertThat(client.request(bytes("still open"))).isEqualTo(bytes("still open"));
        assertThat(client.sessionConnections()).isEqualTo(1);
    }

    @Test
    void largeBodiesTravelInSegmentsBothWays() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.maxFrameSize(1 << 20));
        byte[] body = SpecSession.randomBytes(400_000);
        assertThat(client.request("big", body)).isEqualTo(body);
        List<byte[]> received = server.received();
        byte[] request = received.get(1);
        assertThat(request[0]).isEqualTo((byte) SpecSession.KIND_REQUEST);
        assertThat(request[5] & 0b10).as("segmented flag").isNotZero();
        assertThat(received.subList(2, received.size()))
            .as("continuation frames of the request")
            .isNotEmpty()
            .allSatisfy((frame) -> assertThat(frame[0]).isEqualTo((byte) SpecSession.KIND_CLIENT_CONTINUATION));
    }

    @Test
    void pingsAreAnsweredAndTheConnectionStaysUp() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.pingInterval(Duration.ofMillis(100))
            .pingTimeout(Duration.ofSeconds(30)));
        assertThat(client.request(bytes("first"))).isEqualTo(bytes("first"));
        Await.until("three pings", Duration.ofSeconds(30),
                () -> server.received().stream().filter((frame) -> frame[0] == SpecSession.KIND_PING).count() >= 3);
        assertThat(client.request(bytes("second"))).isEqualTo(bytes("second"));
        assertThat(client.sessionConnections()).isEqualTo(1);
        assertThat(client.lastFailure()).isNull();
    }

    @Test
    void compressedBodiesTravelBothWaysWhenTheServerOffersLz4() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk).offerLz4(1 << 20).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.compression(true)
            .compressionThreshold(256));
        byte[] body = bytes("all work and no play makes jack a dull boy ".repeat(1000));
        // the spec server answers a compressed body only with its LZ4 decompression, and compresses its answer
        assertThat(client.request(body)).isEqualTo(body);
        assertThat(client.sessionFeatures()).contains(SessionFeature.LZ4);
        byte[] request = server.received().get(1);
        assertThat(request[0]).isEqualTo((byte) SpecSession.KIND_REQUEST);
        assertThat(request[5] & SpecSession.LZ4).as("compressed flag").isNotZero();
        assertThat(request.length).isLessThan(body.length / 10);
        assertThat(SpecSession.unlz4(Arrays.copyOfRange(request, 7, request.length), 1 << 20)).isEqualTo(body);
    }

    @Test
    void compressedResponseAboveTheClientsLimitFailsTheRequestAndClosesTheConnection() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk).offerLz4(1 << 20).bombResponses().start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.compression(true)
            .reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertThatThrownBy(() -> client.request(bytes("x"))).isInstanceOf(FalcoConnectionException.class);
        Await.until("the connection closed by the client", () -> server.connections().get(0).ended);
        assertThat(client.lastFailure()).isNotNull();
    }

    @Test
    void clientMovesToANewConnectionBeforeTheAnnouncedKeyLifetime() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk).keyLifetimeSeconds(4).start());
        FalcoTcpClient client = client(server.port(), (builder) -> {
        });
        // requests without a pause until the client replaced its first connection (at 3/4 of the key lifetime)
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int requests = 0;
        while (server.connections().size() < 2 || !server.connections().get(0).ended) {
            assertThat(System.nanoTime() - deadline).as("the first connection replaced within 30 s").isNegative();
            byte[] body = bytes("request " + requests++);
            assertThat(client.request(body)).isEqualTo(body);
        }
        SpecSessionServer.Connection first = server.connections().get(0);
        assertThat(Duration.ofNanos(first.lastFrame - first.handshake)).as("last frame after the handshake")
            .isLessThan(Duration.ofSeconds(4));
        assertThat(client.stats().connectionFailures()).isZero();
        assertThat(client.lastFailure()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = SpecSessionServer.Reply.class, names = "VALID", mode = EnumSource.Mode.EXCLUDE)
    void replyThatFailsACheckFailsTheConnectionWithoutARequest(SpecSessionServer.Reply reply) throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk, reply, false).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.connectOnBuild(false)
            .connectTimeout(Duration.ofSeconds(10)));
        assertThatThrownBy(() -> client.request(bytes("secret"))).isInstanceOf(FalcoProtocolException.class);
        assertThat(server.received()).as("frames written after a refused reply").isEmpty();
    }

    @Test
    void responseThatDoesNotOpenFailsTheRequestAndClosesTheConnection() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk, SpecSessionServer.Reply.VALID, true).start());
        FalcoTcpClient client = client(server.port(), (builder) -> {
        });
        assertThatThrownBy(() -> client.request(bytes("x"))).isInstanceOf(FalcoConnectionException.class);
        assertThat(client.lastFailure()).isNotNull();
    }

    @Test
    void aGoingAwayFrameMovesTheNextRequestsToANewConnectionAndTheOldOneIsClosedOnceIdle() throws Exception {
        SpecSessionServer server = track(SpecSessionServer.goingAway(this.psk, SpecSessionServer.GoingAway.ONCE)
            .start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.poolSize(1));
        for (int i = 0; i < 3; i++) {
            assertThat(client.request(bytes("request " + i))).isEqualTo(bytes("request " + i));
        }
        // each connection was told to go away before the answer to its first request: none carried a second
        assertThat(server.requestConnections()).containsExactly(0, 1, 2);
        LoadBalancingTests.awaitTrue(() -> server.connectionsEnded() >= 2, "the client closes both old connections");
        assertThat(client.lastFailure()).isNull();
    }

    @Test
    void aServerThatDoesNotAcceptGoingAwayIsNotAskedToAndSendsNone() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.poolSize(1));
        assertThat(client.request(bytes("one"))).isEqualTo(bytes("one"));
        assertThat(client.request(bytes("two"))).isEqualTo(bytes("two"));
        assertThat(server.requestConnections()).containsExactly(0, 0);
    }

    @ParameterizedTest
    @EnumSource(value = SpecSessionServer.GoingAway.class, names = { "TWICE", "WITH_TRAILING_BYTE",
        "NOT_NEGOTIATED" })
    void aGoingAwayFrameThatBreaksTheRulesClosesTheConnection(SpecSessionServer.GoingAway goingAway)
            throws Exception {
        SpecSessionServer server = track(SpecSessionServer.goingAway(this.psk, goingAway).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.poolSize(1));
        assertThatThrownBy(() -> client.request(bytes("x"))).isInstanceOf(FalcoConnectionException.class);
        assertThat(client.lastFailure()).isNotNull();
    }

    private static int idOf(byte[] request) {
        return ByteBuffer.wrap(request).getInt(1);
    }

    @Test
    void requestsIssuedTogetherTravelAsOneBatchAndTheirAnswersComeBackAsAnother() throws Exception {
        CountDownLatch answerHeld = new CountDownLatch(1);
        SpecSessionServer server = track(new SpecSessionServer(this.psk).offerBatches(true)
            .holdAnswerTo("hold", answerHeld).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.poolSize(1).eventLoopThreads(1));
        assertThat(client.request(bytes("first"))).isEqualTo(bytes("first"));
        assertThat(client.sessionFeatures()).contains(SessionFeature.BATCHES);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add("together " + i);
        }
        List<CompletableFuture<byte[]>> responses = issueTogether(client, answerHeld, bodies);
        for (int i = 0; i < 10; i++) {
            assertThat(responses.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(bytes(bodies.get(i)));
        }
        assertThat(server.batchSizes()).as("the ten requests in one frame").containsExactly(10);
        assertThat(client.sessionConnections()).isEqualTo(1);
        assertThat(client.lastFailure()).isNull();
    }

    @Test
    void clientThatAcceptsFramesSmallerThanABatchDoesNotAskForBatches() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.psk).offerBatches(true).start());
        FalcoTcpClient small = client(server.port(), (builder) -> builder.maxFrameSize(16 * 1024 + 15));
        assertThat(small.request(bytes("small"))).isEqualTo(bytes("small"));
        assertThat(small.sessionFeatures()).doesNotContain(SessionFeature.BATCHES);
        FalcoTcpClient large = client(server.port(), (builder) -> builder.maxFrameSize(16 * 1024 + 16));
        assertThat(large.request(bytes("large"))).isEqualTo(bytes("large"));
        assertThat(large.sessionFeatures()).contains(SessionFeature.BATCHES);
    }

    @Test
    void malformedBatchFromTheServerFailsItsRequestsAndClosesTheConnection() throws Exception {
        CountDownLatch answerHeld = new CountDownLatch(1);
        SpecSessionServer server = track(new SpecSessionServer(this.psk).offerBatches(false)
            .holdAnswerTo("hold", answerHeld).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.poolSize(1).eventLoopThreads(1));
        assertThat(client.request(bytes("first"))).isEqualTo(bytes("first"));
        for (CompletableFuture<byte[]> response : issueTogether(client, answerHeld, List.of("a", "b"))) {
            assertThatThrownBy(() -> response.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FalcoConnectionException.class)
                .hasMessageContaining("an empty message in a batch");
        }
        assertThat(server.batchSizes()).containsExactly(2);
    }

    /**
     * Issues requests while the client's only event loop is held by the callback of the answer to {@code hold}
     * (which the server gives once {@code answerHeld} opens), so that the event loop writes them all before it
     * flushes.
     */
    private static List<CompletableFuture<byte[]>> issueTogether(FalcoTcpClient client, CountDownLatch answerHeld,
            List<String> bodies) throws Exception {
        CountDownLatch eventLoopHeld = new CountDownLatch(1);
        CountDownLatch releaseEventLoop = new CountDownLatch(1);
        CompletableFuture<Void> held = client.requestAsync(bytes("hold")).thenRun(() -> {
            eventLoopHeld.countDown();
            await(releaseEventLoop);
        });
        answerHeld.countDown();
        assertThat(eventLoopHeld.await(30, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<byte[]>> responses = new ArrayList<>();
        for (String body : bodies) {
            responses.add(client.requestAsync(bytes(body)));
        }
        releaseEventLoop.countDown();
        held.get(30, TimeUnit.SECONDS);
        return responses;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private FalcoTcpClient client(int port, Consumer<FalcoTcpClient.Builder> customizer) {
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().host("127.0.0.1").port(port)
            .key(FalcoKey.of(this.psk)).requestTimeout(Duration.ofSeconds(20));
        customizer.accept(builder);
        return track(builder.build());
    }

    private <T extends AutoCloseable> T track(T resource) {
        this.resources.add(resource);
        return resource;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
