package io.falcotcp.client;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.protocol.SessionHandshake;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.testsupport.Await;
import io.falcotcp.testsupport.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client side of the session mode over real sockets: negotiation with this project's server, the
 * key-confirmation ping, routes, statuses, multiplexing, cancel and key rotation ({@link ClientModeTests} has the
 * modes and plain v1 servers).
 */
class SessionClientTests {

    private final FalcoKey key = FalcoKey.generate();

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
    }

    @Test
    void clientAndServerNegotiateTheSessionModeAndCarryRoutes() {
        FalcoServer server = server((builder) -> builder.handler((request, context) -> {
            String answer = context.sessionMode() + " " + context.route() + " " + text(request);
            return answer.getBytes(StandardCharsets.UTF_8);
        }));
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> {
        });
        assertThat(text(client.request("orders.create", bytes("one")))).isEqualTo("true orders.create one");
        assertThat(text(client.request(bytes("two")))).isEqualTo("true null two");
        assertThat(client.sessionConnections()).isEqualTo(1);
        assertThat(client.v1Connections()).isZero();
    }

    @ParameterizedTest(name = "ping interval {0} ms")
    @ValueSource(longs = { 0, 60_000 })
    void newSessionConnectionWithNoRequestWritesExactlyOnePingAtOnce(long pingIntervalMillis) throws Exception {
        SessionTestServer server = track(new SessionTestServer(this.key).start());
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> builder
            .pingInterval(Duration.ofMillis(pingIntervalMillis)));
        // far below the ping interval: the key-confirmation ping, not the keep-alive
        Await.until("a first frame", () -> !server.received().isEmpty());
        assertThat(client.sessionConnections()).isEqualTo(1);
        // what must not happen is watched for a short window: on a loaded machine it can only miss a second ping
        Await.holdsFor("one frame only", Duration.ofMillis(500), () -> server.received().size() == 1);
        assertThat(server.received()).containsExactly(SessionMessage.Ping.INSTANCE);
        assertThat(client.lastFailure()).isNull();
    }

    @Test
    void pingIsTheFirstFrameEvenWhenARequestWaitsForTheConnection() throws Exception {
        SessionTestServer server = track(new SessionTestServer(this.key).start());
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> builder.connectOnBuild(false));
        assertThat(client.request(bytes("first"))).isEqualTo(bytes("first"));
        List<SessionMessage> received = server.received();
        assertThat(received).hasSize(2);
        assertThat(received.get(0)).isEqualTo(SessionMessage.Ping.INSTANCE);
        assertThat(received.get(1)).isInstanceOfSatisfying(SessionMessage.Request.class,
                (request) -> assertThat(request.body()).isEqualTo(bytes("first")));
    }

    @Test
    void serverThatNeverAnswersTheFirstPingHasItsConnectionClosedAsDead() throws Exception {
        SessionTestServer server = track(new SessionTestServer(this.key).ignorePings().start());
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> builder
            .pingInterval(Duration.ZERO)
            .pingTimeout(Duration.ofMillis(300))
            .reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        Await.until("a failure", () -> client.lastFailure() != null);
        assertThat(client.lastFailure()).isInstanceOf(FalcoConnectionException.class)
            .hasMessageContaining("pingTimeout").hasMessageContaining("closed as dead");
        assertThat(server.received()).containsExactly(SessionMessage.Ping.INSTANCE);
    }

    @Test
    void remoteStatusesReachTheCallerWithTheServersSafeMessage() {
        FalcoServer server = server((builder) -> builder.handler((request, context) -> {
            if ("refuse".equals(text(request))) {
                throw new FalcoRequestException(RequestStatus.UNKNOWN_ROUTE, "no handler for " + context.route());
            }
            throw new IllegalStateException("internal secret");
        }));
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> {
        });
        assertThatThrownBy(() -> client.request("nowhere", bytes("refuse")))
            .isInstanceOfSatisfying(FalcoRemoteException.class,
                    (ex) -> assertThat(ex.status()).isEqualTo(RequestStatus.UNKNOWN_ROUTE))
            .hasMessageContaining("no handler for nowhere");
        assertThatThrownBy(() -> client.request(bytes("boom")))
            .isInstanceOfSatisfying(FalcoRemoteException.class,
                    (ex) -> assertThat(ex.status()).isEqualTo(RequestStatus.HANDLER_ERROR))
            .message().doesNotContain("internal secret");
    }

    @Test
    void plainV1EmptyResponseHasNoStatus() throws IOException {
        V1TestServer server = track(new V1TestServer(this.key.toByteArray()).handler((request) -> null).start());
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> builder.mode(ClientMode.V1));
        assertThatThrownBy(() -> client.request(bytes("x")))
            .isInstanceOfSatisfying(FalcoRemoteException.class, (ex) -> assertThat(ex.status()).isNull());
    }

    @Test
    void tenThousandRequestsWith256InFlightOnOneConnectionEachGetTheirOwnResponse() throws Exception {
        ScheduledExecutorService delays = Executors.newScheduledThreadPool(2);
        track(delays::shutdownNow);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        FalcoServer server = server((builder) -> builder.maxInFlightPerSession(256)
            .asyncHandler((request, context) -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                CompletableFuture<byte[]> response = new CompletableFuture<>();
                delays.schedule(() -> {
                    running.decrementAndGet();
                    response.complete(request);
                }, ThreadLocalRandom.current().nextInt(2000), TimeUnit.MICROSECONDS);
                return response;
            }));
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> builder.maxPipelinedRequests(1024));
        int total = 10_000;
        Semaphore window = new Semaphore(256);
        AtomicInteger mismatches = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger lastCompleted = new AtomicInteger(-1);
        CountDownLatch done = new CountDownLatch(total);
        for (int i = 0; i < total; i++) {
            window.acquire();
            int index = i;
            byte[] payload = bytes("request " + index);
            client.requestAsync("echo", payload).whenComplete((response, failure) -> {
                if (failure != null || !text(response).equals("request " + index)) {
                    mismatches.incrementAndGet();
                }
                if (lastCompleted.getAndSet(index) > index) {
                    outOfOrder.incrementAndGet();
                }
                window.release();
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(mismatches.get()).isZero();
        assertThat(outOfOrder.get()).as("responses that overtook earlier ones").isPositive();
        assertThat(peak.get()).isBetween(2, 256);
        assertThat(client.authenticatedConnections()).isEqualTo(1);
    }

    @Test
    void clientKeepsToTheLimitTheServerAnnounced() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        FalcoServer server = server((builder) -> builder.maxInFlightPerSession(4).handlerThreads(16)
            .handler((request, context) -> {
                if ("warm-up".equals(text(request))) {
                    return request;
                }
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                release.await(10, TimeUnit.SECONDS);
                running.decrementAndGet();
                return request;
            }));
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> {
        });
        client.request(bytes("warm-up"));
        List<CompletableFuture<byte[]>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(client.requestAsync(bytes("r" + i)));
        }
        // a fifth request running before the release would show in the peak
        Await.until("four requests running", Duration.ofSeconds(30), () -> running.get() == 4);
        release.countDown();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(peak.get()).isEqualTo(4);
    }

    @Test
    void cancellingAFutureSendsACancelSoTheServerSkipsTheRequest() throws Exception {
        Queue<String> handled = new ConcurrentLinkedQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        FalcoServer server = server((builder) -> builder.handlerThreads(1).handler((request, context) -> {
            handled.add(text(request));
            release.await(30, TimeUnit.SECONDS);
            return request;
        }));
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> {
        });
        CompletableFuture<byte[]> first = client.requestAsync(bytes("first"));
        CompletableFuture<byte[]> second = client.requestAsync(bytes("second"));
        // the server read the second request: the cancel cannot just keep it from being written
        Await.until("two requests", Duration.ofSeconds(30), () -> server.stats().requests() == 2);
        assertThat(second.cancel(true)).isTrue();
        CompletableFuture<byte[]> third = client.requestAsync(bytes("third"));
        // the third request is read after the cancel, while the only handler thread still holds the first
        Await.until("three requests", Duration.ofSeconds(30), () -> server.stats().requests() == 3);
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(bytes("first"));
        assertThat(third.get(30, TimeUnit.SECONDS)).isEqualTo(bytes("third"));
        assertThat(handled).containsExactly("first", "third");
    }

    @Test
    void serverWithNewAndOldKeyAcceptsClientsOfBothUntilTheOldIsRemoved() {
        FalcoKey newKey = FalcoKey.generate();
        FalcoServer rotating = server((builder) -> builder.keys(List.of(newKey, this.key)).handler(ECHO));
        assertThat(client(rotating.port(), this.key, (builder) -> {
        }).request(bytes("old"))).isEqualTo(bytes("old"));
        assertThat(client(rotating.port(), newKey, (builder) -> {
        }).request(bytes("new"))).isEqualTo(bytes("new"));
        FalcoServer rotated = server((builder) -> builder.key(newKey).handler(ECHO));
        FalcoTcpClient oldClient = client(rotated.port(), this.key, (builder) -> builder
            .connectTimeout(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(10)));
        assertThatThrownBy(() -> oldClient.request(bytes("old"))).isInstanceOf(FalcoAuthenticationException.class);
    }

    @Test
    void serverReplyReplayedFromAnotherHandshakeIsRejectedByTheClient() throws Exception {
        FalcoServer server = server((builder) -> builder.handler(ECHO));
        byte[] recordedReply;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(SessionHandshake.startClient(this.key, AeadEngine.DEFAULT, 0).authFrame());
            recordedReply = new byte[1 + SessionHandshake.REPLY_SEALED_LENGTH];
            new DataInputStream(socket.getInputStream()).readFully(recordedReply);
        }
        ServerSocket attacker = track(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        // every attempt gets the replayed reply: the request fails with the attempt it waits for, whether it was
        // queued before the first attempt failed or, on a busy machine, after it and before the next
        Thread replayer = new Thread(() -> {
            while (!attacker.isClosed()) {
                try (Socket victim = attacker.accept()) {
                    new DataInputStream(victim.getInputStream()).readFully(new byte[157]);
                    victim.getOutputStream().write(recordedReply);
                    victim.getInputStream().read();
                }
                catch (IOException ex) {
                    // the client closed, as it should, or the test ended and closed the attacker's socket
                }
            }
        });
        replayer.setDaemon(true);
        replayer.start();
        FalcoTcpClient client = client(attacker.getLocalPort(), this.key, (builder) -> builder
            .connectTimeout(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(20)).connectOnBuild(false));
        assertThatThrownBy(() -> client.request(bytes("x"))).isInstanceOf(FalcoProtocolException.class)
            .hasMessageContaining("belongs to another handshake");
    }

    @Test
    void compressionIsNegotiatedWhenBothEndsWantItAndShrinksTheTraffic() {
        Queue<Object> features = new ConcurrentLinkedQueue<>();
        FalcoServer server = server((builder) -> builder.compression(true).handler((request, context) -> {
            features.add(context.features());
            return request;
        }));
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> builder.compression(true)
            .compressionThreshold(256));
        byte[] payload = bytes("all work and no play makes jack a dull boy ".repeat(2500));
        assertThat(client.request(payload)).isEqualTo(payload);
        assertThat(features).containsExactly(Set.of(SessionFeature.LZ4, SessionFeature.SEGMENTS,
                SessionFeature.METADATA, SessionFeature.GOING_AWAY, SessionFeature.BATCHES));
        assertThat(server.stats().bytesReceived()).isLessThan(payload.length / 4);
        assertThat(server.stats().bytesSent()).isLessThan(payload.length / 4);
    }

    @Test
    void compressionIsNotUsedWhenTheServerDoesNotOfferIt() {
        Queue<Object> features = new ConcurrentLinkedQueue<>();
        FalcoServer server = server((builder) -> builder.handler((request, context) -> {
            features.add(context.features());
            return request;
        }));
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> builder.compression(true));
        byte[] payload = bytes("x".repeat(10_000));
        assertThat(client.request(payload)).isEqualTo(payload);
        assertThat(features).containsExactly(Set.of(SessionFeature.SEGMENTS, SessionFeature.METADATA,
                SessionFeature.GOING_AWAY, SessionFeature.BATCHES));
        assertThat(server.stats().bytesReceived()).isGreaterThan(payload.length);
    }

    @Test
    void idleSessionConnectionIsKeptOpenByEncryptedPings() throws Exception {
        FalcoServer server = server((builder) -> builder.timeout(Duration.ofSeconds(2)).handler(ECHO));
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> builder
            .pingInterval(Duration.ofMillis(150)));
        assertThat(client.request("r", bytes("before"))).isEqualTo(bytes("before"));
        // two lifetimes: without the pings, sent 13 times a lifetime, the server would have closed the connection
        Thread.sleep(4500);
        assertThat(client.request("r", bytes("after"))).isEqualTo(bytes("after"));
        assertThat(server.stats().acceptedConnections()).isEqualTo(1);
    }

    @Test
    void sessionConnectionToAServerThatWentSilentIsClosedAsDeadAndReopenedOnceTheServerAnswersAgain()
            throws Exception {
        FalcoServer server = server((builder) -> builder.handler(ECHO));
        TestProxy proxy = track(new TestProxy(server.port()));
        FalcoTcpClient client = client(proxy.port(), this.key, (builder) -> builder
            .requestTimeout(Duration.ofSeconds(60))
            .pingInterval(Duration.ofMillis(300))
            .pingTimeout(Duration.ofSeconds(2))
            .connectTimeout(Duration.ofSeconds(10))
            .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        assertThat(client.request(bytes("before"))).isEqualTo(bytes("before"));
        proxy.silence();
        long silencedAt = System.nanoTime();
        List<CompletableFuture<byte[]>> pending = List.of(client.requestAsync(bytes("lost 1")),
                client.requestAsync("r", bytes("lost 2")));
        for (CompletableFuture<byte[]> request : pending) {
            assertThatThrownBy(() -> request.get(40, TimeUnit.SECONDS)).cause()
                .isInstanceOf(FalcoConnectionException.class)
                .hasMessageContaining("pingTimeout")
                .hasMessageContaining("closed as dead");
        }
        // far below the 60 s request timeout: the connection was found dead, the requests did not just time out
        assertThat(Duration.ofNanos(System.nanoTime() - silencedAt)).isLessThan(Duration.ofSeconds(40));
        proxy.resume();
        assertThat(client.request(bytes("after"))).isEqualTo(bytes("after"));
        assertThat(client.authenticatedConnections()).isEqualTo(1);
        assertThat(server.stats().acceptedConnections()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void healthyIdleSessionConnectionStaysOpenAcrossManyPingIntervals() throws Exception {
        FalcoServer server = server((builder) -> builder.handler(ECHO));
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> builder
            .pingInterval(Duration.ofMillis(200))
            .pingTimeout(Duration.ofSeconds(4)));
        assertThat(client.request(bytes("before"))).isEqualTo(bytes("before"));
        // fifty ping intervals, two and a half ping timeouts: a pong that never came would have closed the
        // connection within 4.2 s; a pong the loaded machine delays by less than 4 s does not
        Await.holdsFor("one open connection, no failure", Duration.ofSeconds(10),
                () -> client.authenticatedConnections() == 1 && client.lastFailure() == null);
        assertThat(client.request(bytes("after"))).isEqualTo(bytes("after"));
        assertThat(server.stats().acceptedConnections()).isEqualTo(1);
        assertThat(client.lastFailure()).isNull();
    }

    @Test
    void requestWhoseHandlerRunsLongerThanThePingTimeoutKeepsItsConnection() {
        FalcoServer server = server((builder) -> builder.handler((request, context) -> {
            // more than twice the ping timeout, so that pings go out while the request is in flight
            Thread.sleep(7000);
            return request;
        }));
        FalcoTcpClient client = client(server.port(), this.key, (builder) -> builder
            .requestTimeout(Duration.ofSeconds(30))
            .pingInterval(Duration.ofMillis(150))
            .pingTimeout(Duration.ofSeconds(3)));
        assertThat(client.request(bytes("slow"))).isEqualTo(bytes("slow"));
        assertThat(server.stats().acceptedConnections()).isEqualTo(1);
        assertThat(client.lastFailure()).isNull();
    }

    private static final RequestHandler ECHO = (request, context) -> request;

    private FalcoServer server(Consumer<FalcoServer.Builder> customizer) {
        FalcoServer.Builder builder = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0)
            .eventLoopThreads(2).handlerThreads(4).shutdownGracePeriod(Duration.ofSeconds(1));
        customizer.accept(builder);
        FalcoServer server = builder.build();
        server.start();
        return track(server);
    }

    private FalcoTcpClient client(int port, FalcoKey key, Consumer<FalcoTcpClient.Builder> customizer) {
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().host("127.0.0.1").port(port).key(key)
            .requestTimeout(Duration.ofSeconds(10));
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

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

}
