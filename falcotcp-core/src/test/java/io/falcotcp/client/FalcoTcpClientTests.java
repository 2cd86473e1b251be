package io.falcotcp.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.transport.Transport;
import io.falcotcp.transport.TransportKind;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThatCode;

/**
 * {@link FalcoTcpClient} in {@link ClientMode#V1} against {@link V1TestServer}, an independent v1 server, over real
 * sockets on 127.0.0.1: the client as it talks to the Rust and Python reference servers.
 */
class FalcoTcpClientTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FalcoKey key = FalcoKey.generate();

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
    }

    @Test
    void roundTripsPayloadsOfEverySize() throws IOException {
        V1TestServer server = server();
        FalcoTcpClient client = client(server, builder -> { });
        for (int size : new int[] { 0, 1, 64, 64 * 1024, 8 * 1024 * 1024 }) {
            byte[] payload = randomBytes(size);
            assertThat(client.request(payload)).as("response to %d bytes", size).isEqualTo(payload);
        }
        assertThat(server.accepted()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = TransportKind.class, names = { "NIO", "EPOLL", "IO_URING" })
    void roundTripsOnEveryAvailableTransport(TransportKind kind) throws IOException {
        assumeThatCode(() -> Transport.select(kind)).as(kind + " available").doesNotThrowAnyException();
        V1TestServer server = server();
        FalcoTcpClient client = client(server, builder -> builder.transport(kind));
        assertThat(client.transport().kind()).isEqualTo(kind);
        byte[] payload = randomBytes(4096);
        assertThat(client.request(payload)).isEqualTo(payload);
    }

    @Test
    void pipelinedRequestsOnOneConnectionCompleteInOrderWithTheirOwnPayloads() throws Exception {
        V1TestServer server = server();
        FalcoTcpClient client = client(server, builder -> builder.maxPipelinedRequests(1000));
        awaitCondition(() -> client.authenticatedConnections() == 1);
        List<Integer> completionOrder = new CopyOnWriteArrayList<>();
        List<CompletableFuture<byte[]>> responses = new ArrayList<>();
        List<CompletableFuture<Void>> recorded = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int index = i;
            CompletableFuture<byte[]> response = client.requestAsync(ByteBuffer.allocate(4).putInt(i).array());
            recorded.add(response.thenRun(() -> completionOrder.add(index)));
            responses.add(response);
        }
        // wait for the recording callbacks, not only the responses: allOf may complete before the last callback ran
        CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < 1000; i++) {
            assertThat(ByteBuffer.wrap(responses.get(i).get()).getInt()).isEqualTo(i);
        }
        assertThat(completionOrder).hasSize(1000).isSorted();
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void poolCarriesConcurrentRequestsFromManyThreadsOverAllItsConnections() throws Exception {
        V1TestServer server = server();
        FalcoTcpClient client = client(server, builder -> builder.poolSize(4));
        awaitCondition(() -> client.authenticatedConnections() == 4);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(threads.submit(() -> {
                    int answered = 0;
                    for (int i = 0; i < 50; i++) {
                        byte[] payload = randomBytes(ThreadLocalRandom.current().nextInt(2048));
                        assertThat(client.request(payload)).isEqualTo(payload);
                        answered++;
                    }
                    return answered;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(50);
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(server.accepted()).isEqualTo(4);
        assertThat(server.requests()).isEqualTo(800);
        assertThat(server.requestsPerConnection()).hasSize(4).allSatisfy(count -> assertThat(count).isPositive());
    }

    @Test
    void requestsBeyondThePipeliningLimitWaitForRoomAndTheWaitingQueueIsBounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        V1TestServer server = server().handler(request -> {
            awaitLatch(release);
            return request;
        });
        FalcoTcpClient client = client(server, builder -> builder.poolSize(2).maxPipelinedRequests(2));
        awaitCondition(() -> client.authenticatedConnections() == 2);
        List<CompletableFuture<byte[]>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(client.requestAsync(new byte[] { (byte) i }));
        }
        assertThat(client.requestAsync(new byte[] { 8 })).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).withCauseExactlyInstanceOf(FalcoClientException.class)
                .withMessageContaining("already waiting");
        awaitCondition(() -> server.requests() == 2);
        release.countDown();
        for (int i = 0; i < 8; i++) {
            assertThat(responses.get(i)).succeedsWithin(WAIT).isEqualTo(new byte[] { (byte) i });
        }
        assertThat(server.requests()).isEqualTo(8);
        assertThat(client.lastFailure()).isNull();
    }

    @Test
    void moreCallersThanPipeliningSlotsAllGetTheirAnswersThroughTheWaitingQueue() throws Exception {
        V1TestServer server = server();
        FalcoTcpClient client = client(server, builder -> builder.poolSize(2).maxPipelinedRequests(4));
        awaitCondition(() -> client.authenticatedConnections() == 2);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                callers.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        byte[] payload = randomBytes(16);
                        assertThat(client.request(payload)).isEqualTo(payload);
                    }
                }));
            }
            for (Future<?> caller : callers) {
                caller.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(server.requests()).isEqualTo(16 * 200);
    }

    @Test
    void wrongKeyRejectedBySilentCloseFailsWithAuthenticationException() throws IOException {
        V1TestServer server = server();
        FalcoTcpClient client = client(server, builder -> builder.key(FalcoKey.generate()));
        assertThatThrownBy(() -> client.request(new byte[] { 1 })).isInstanceOf(FalcoAuthenticationException.class)
                .hasMessageContaining("same FalcoTCP key");
        assertThat(client.lastFailure()).isInstanceOf(FalcoAuthenticationException.class);
        assertThat(client.authenticatedConnections()).isZero();
    }

    @Test
    void wrongKeyAnsweredWithZeroByteFailsWithAuthenticationException() throws IOException {
        V1TestServer server = server().answerZeroOnBadKey();
        FalcoTcpClient client = client(server, builder -> builder.key(FalcoKey.generate()));
        assertThatThrownBy(() -> client.request(new byte[] { 1 })).isInstanceOf(FalcoAuthenticationException.class)
                .hasMessageContaining("answered 0x00");
    }

    @Test
    void emptyResponseFailsThatRequestWithRemoteExceptionAndKeepsTheConnection() throws IOException {
        V1TestServer server = server().handler(request -> (request.length == 0) ? null : request);
        FalcoTcpClient client = client(server, builder -> { });
        assertThatThrownBy(() -> client.request(new byte[0])).isInstanceOf(FalcoRemoteException.class)
                .hasMessageContaining("len = 0");
        assertThat(client.request(new byte[] { 7 })).containsExactly(7);
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void slowResponseTimesOutAndItsLateResponseIsNotTakenForTheNextOne() throws Exception {
        CountDownLatch firstResponse = new CountDownLatch(1);
        V1TestServer server = server().handler(request -> {
            if (request[0] == 1) {
                awaitLatch(firstResponse);
            }
            return request;
        });
        FalcoTcpClient client = client(server, builder -> builder.requestTimeout(Duration.ofSeconds(1)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.request(new byte[] { 1 })).isInstanceOf(FalcoTimeoutException.class)
                .hasMessageContaining("1000 ms");
        // no earlier than the timeout, and long before the server answers (never, until released)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1), WAIT);
        CompletableFuture<byte[]> second = client.requestAsync(new byte[] { 2 });
        firstResponse.countDown();
        // the late answer to the first request arrives first and must be dropped, not given to the second
        assertThat(second).succeedsWithin(WAIT).isEqualTo(new byte[] { 2 });
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void requestWithItsOwnTimeoutFailsAtItsDeadlineAndTheOthersKeepTheClientsTimeout() throws Exception {
        CountDownLatch firstResponse = new CountDownLatch(1);
        V1TestServer server = server().handler(request -> {
            if (request[0] == 1) {
                awaitLatch(firstResponse);
            }
            return request;
        });
        FalcoTcpClient client = client(server, builder -> builder.requestTimeout(Duration.ofSeconds(30)));
        assertThatThrownBy(() -> client.request(null, new byte[] { 1 }, Duration.ofMillis(300)))
                .isInstanceOf(FalcoTimeoutException.class)
                .hasMessageContaining("within 300 ms (the request's timeout)");
        CompletableFuture<byte[]> second = client.requestAsync(new byte[] { 2 });
        firstResponse.countDown();
        // the late answer to the first request is dropped; the second, with the client's 30 s, gets its own
        assertThat(second).succeedsWithin(WAIT).isEqualTo(new byte[] { 2 });
        assertThatThrownBy(() -> client.requestAsync(null, new byte[] { 3 }, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void blockingRequestWhoseEventLoopIsLateFailsOneSecondPastItsTimeoutWithTheSameMessage() throws Exception {
        CountDownLatch callbackRegistered = new CountDownLatch(1);
        V1TestServer server = server().handler(request -> {
            if (request[0] == 1) {
                awaitLatch(callbackRegistered);
            }
            return request;
        });
        FalcoTcpClient client = client(server, builder -> builder.eventLoopThreads(1)
                .requestTimeout(Duration.ofSeconds(30)));
        // the first response's callback holds the client's only event loop, so nothing times the second request out
        CountDownLatch eventLoopHeld = new CountDownLatch(1);
        CountDownLatch releaseEventLoop = new CountDownLatch(1);
        AtomicReference<String> callbackThread = new AtomicReference<>();
        client.requestAsync(new byte[] { 1 }).thenRun(() -> {
            callbackThread.set(Thread.currentThread().getName());
            eventLoopHeld.countDown();
            awaitLatch(releaseEventLoop);
        });
        callbackRegistered.countDown();
        awaitLatch(eventLoopHeld);
        assertThat(callbackThread.get()).startsWith("falcotcp-client");
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.request(null, new byte[] { 2 }, Duration.ofMillis(300)))
                    .isInstanceOf(FalcoTimeoutException.class)
                    .hasMessageContaining("within 300 ms (the request's timeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1300));
        }
        finally {
            releaseEventLoop.countDown();
        }
        assertThat(client.request(new byte[] { 3 })).containsExactly(3);
    }

    @Test
    void connectionWhoseOldestRequestStaysUnansweredIsClosedAsStuckAndReplaced() throws IOException {
        CountDownLatch never = new CountDownLatch(1);
        V1TestServer server = server().handler(request -> {
            if (request[0] == 1) {
                awaitLatch(never);
            }
            return request;
        });
        try {
            FalcoTcpClient client = client(server, builder -> builder.requestTimeout(Duration.ofSeconds(1))
                    .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(100)));
            // connected first, so that the request is written well before its deadline on a busy machine
            awaitCondition(() -> client.authenticatedConnections() == 1);
            assertThatThrownBy(() -> client.request(new byte[] { 1 })).isInstanceOf(FalcoTimeoutException.class);
            assertThat(server.requests()).as("the request reached the server").isEqualTo(1);
            awaitCondition(() -> server.authenticated() == 2 && client.authenticatedConnections() == 1);
            assertThat(client.lastFailure()).isInstanceOf(FalcoConnectionException.class)
                    .hasMessageContaining("stuck");
            assertThat(client.request(new byte[] { 2 })).containsExactly(2);
        }
        finally {
            never.countDown();
        }
    }

    @Test
    void serverClosingWithRequestsInFlightFailsEveryOneOfThem() throws Exception {
        V1TestServer server = server().closeOnRequest(1);
        FalcoTcpClient client = client(server, builder -> builder.reconnectBackoff(Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
        awaitCondition(() -> client.authenticatedConnections() == 1);
        List<CompletableFuture<byte[]>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(client.requestAsync(new byte[] { (byte) i }));
        }
        for (CompletableFuture<byte[]> response : responses) {
            assertThat(response).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(FalcoConnectionException.class);
        }
    }

    @Test
    void pingsKeepAnIdleConnectionOpenPastTheServerLifetime() throws Exception {
        V1TestServer server = server().lifetime(Duration.ofSeconds(2));
        FalcoTcpClient client = client(server, builder -> builder.pingInterval(Duration.ofMillis(200)));
        awaitCondition(() -> client.authenticatedConnections() == 1);
        // 25 pings take at least two lifetimes: without them the server would have closed the connection
        awaitCondition(() -> server.pings() >= 25);
        assertThat(server.accepted()).isEqualTo(1);
        assertThat(client.authenticatedConnections()).isEqualTo(1);
        assertThat(client.request(new byte[] { 3 })).containsExactly(3);
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void withoutPingsTheServerLifetimeClosesTheIdleConnectionAndTheClientReconnects() throws IOException {
        V1TestServer server = server().lifetime(Duration.ofMillis(300));
        FalcoTcpClient client = client(server, builder -> builder.pingInterval(Duration.ZERO)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(100)));
        awaitCondition(() -> server.accepted() >= 2);
        assertThat(server.pings()).isZero();
        assertThat(client.lastFailure()).isInstanceOf(FalcoConnectionException.class);
    }

    @Test
    void droppedConnectionIsReplacedAfterBackoff() throws IOException {
        V1TestServer server = server();
        FalcoTcpClient client = client(server, builder -> builder.reconnectBackoff(Duration.ofMillis(50),
                Duration.ofMillis(200)));
        assertThat(client.request(new byte[] { 1 })).containsExactly(1);
        server.dropConnections();
        awaitCondition(() -> server.authenticated() == 2 && client.authenticatedConnections() == 1);
        assertThat(client.request(new byte[] { 2 })).containsExactly(2);
        assertThat(client.lastFailure()).isInstanceOf(FalcoConnectionException.class);
    }

    @Test
    void requestWhileReconnectingWaitsForTheNewConnection() throws IOException {
        V1TestServer server = server();
        FalcoTcpClient client = client(server, builder -> builder.reconnectBackoff(Duration.ofMillis(500),
                Duration.ofMillis(500)));
        awaitCondition(() -> client.authenticatedConnections() == 1);
        server.dropConnections();
        awaitCondition(() -> client.authenticatedConnections() == 0);
        assertThat(client.request(new byte[] { 5 })).containsExactly(5);
        assertThat(server.authenticated()).isEqualTo(2);
    }

    @Test
    void connectingToAClosedPortFailsWithConnectionExceptionWithinTheConnectTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        FalcoTcpClient client = track(FalcoTcpClient.builder().host("127.0.0.1").port(closedPort).key(this.key)
                .connectTimeout(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(60)).build());
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.request(new byte[] { 1 })).isInstanceOf(FalcoConnectionException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:" + closedPort);
        // a connect timeout of 10 s, not less, so that a loaded machine cannot take it for a timeout
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void serverThatNeverAnswersTheAuthenticationFailsWithinTheConnectTimeout() throws IOException {
        V1TestServer server = server().neverAnswerAuthentication();
        FalcoTcpClient client = client(server, builder -> builder.connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(50)).connectOnBuild(false));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.request(new byte[] { 1 })).isInstanceOf(FalcoConnectionException.class)
                .hasMessageContaining("no authentication answer");
        // the connect timeout ended the wait, not the request timeout
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1),
                Duration.ofSeconds(40));
    }

    @Test
    void responseLengthAboveMaxFrameSizeClosesTheConnectionAndFailsTheRequest() throws IOException {
        V1TestServer server = server().rawResponseLength(0xFFFF_FFFF_FFFF_FFF0L);
        FalcoTcpClient client = client(server, builder -> builder.reconnectBackoff(Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
        assertThatThrownBy(() -> client.request(new byte[] { 1 })).isInstanceOf(FalcoConnectionException.class)
                .hasMessageContaining("response length 18446744073709551600 exceeds the maximum frame size");
        awaitCondition(() -> server.closedByClient() == 1);
    }

    @Test
    void responseLengthJustAboveAConfiguredMaxFrameSizeIsRefused() throws IOException {
        V1TestServer server = server().rawResponseLength(1025);
        FalcoTcpClient client = client(server, builder -> builder.maxFrameSize(1024));
        assertThatThrownBy(() -> client.request(new byte[] { 1 })).isInstanceOf(FalcoConnectionException.class)
                .hasMessageContaining("response length 1025 exceeds the maximum frame size of 1024 bytes");
    }

    @Test
    void responseLengthTooShortForNonceAndTagClosesTheConnection() throws IOException {
        V1TestServer server = server().rawResponseLength(27);
        FalcoTcpClient client = client(server, builder -> { });
        assertThatThrownBy(() -> client.request(new byte[] { 1 })).isInstanceOf(FalcoConnectionException.class)
                .hasMessageContaining("shorter than the 28 bytes");
        awaitCondition(() -> server.closedByClient() == 1);
    }

    @Test
    void responseThatDoesNotAuthenticateFailsWithProtocolExceptionAndClosesTheConnection() throws IOException {
        V1TestServer server = server().corruptResponses();
        FalcoTcpClient client = client(server, builder -> { });
        assertThatThrownBy(() -> client.request(new byte[] { 1 })).isInstanceOf(FalcoProtocolException.class)
                .hasMessageContaining("does not authenticate");
        awaitCondition(() -> server.closedByClient() == 1);
    }

    @Test
    void payloadAboveMaxFrameSizeIsRefusedBeforeSending() throws IOException {
        V1TestServer server = server();
        FalcoTcpClient client = client(server, builder -> builder.maxFrameSize(1024));
        assertThatIllegalArgumentException().isThrownBy(() -> client.requestAsync(new byte[1024 - 27]))
                .withMessageContaining("above maxFrameSize");
        assertThat(client.request(new byte[1024 - 28])).hasSize(1024 - 28);
    }

    @Test
    void closeFailsPendingRequestsAndIsIdempotent() throws IOException {
        V1TestServer server = server().responseDelay(Duration.ofSeconds(5));
        FalcoTcpClient client = client(server, builder -> { });
        awaitCondition(() -> client.authenticatedConnections() == 1);
        List<CompletableFuture<byte[]>> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            responses.add(client.requestAsync(new byte[] { (byte) i }));
        }
        awaitCondition(() -> server.requests() >= 1);
        client.close();
        for (CompletableFuture<byte[]> response : responses) {
            assertThat(response).isCompletedExceptionally();
            assertThat(response).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(FalcoConnectionException.class);
        }
        client.close();
        assertThat(client.requestAsync(new byte[] { 1 })).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(FalcoConnectionException.class)
                .withMessageContaining("closed");
        assertThat(client.authenticatedConnections()).isZero();
    }

    @Test
    void closeFromACallbackOnTheClientsEventLoopCompletesWithoutDeadlock() throws IOException {
        // the server answers once the callback is attached, so that the callback runs on the event loop
        CountDownLatch attached = new CountDownLatch(1);
        V1TestServer server = server().handler(request -> {
            awaitLatch(attached);
            return request;
        });
        FalcoTcpClient client = client(server, builder -> { });
        CompletableFuture<Thread> closedInCallback = client.requestAsync(new byte[] { 1 }).thenApply((response) -> {
            client.close();
            return Thread.currentThread();
        });
        attached.countDown();
        assertThat(closedInCallback).succeedsWithin(WAIT).isNotEqualTo(Thread.currentThread());
        assertThat(client.requestAsync(new byte[] { 2 })).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(FalcoConnectionException.class);
    }

    @Test
    void blockingRequestOnAnEventLoopThreadIsRefused() throws Exception {
        CountDownLatch attached = new CountDownLatch(1);
        V1TestServer server = server().handler(request -> {
            if (request[0] == 1) {
                awaitLatch(attached);
            }
            return request;
        });
        FalcoTcpClient client = client(server, builder -> { });
        DefaultEventLoop otherLoop = new DefaultEventLoop();
        try {
            io.netty.util.concurrent.Future<byte[]> onOtherLoop = otherLoop
                    .submit(() -> client.request(new byte[] { 1 }));
            assertThat(onOtherLoop.await(WAIT.toMillis())).isTrue();
            assertThat(onOtherLoop.cause()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("event loop");
        }
        finally {
            otherLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        // the server answers once the callback is attached, so that the callback runs on the event loop
        CompletableFuture<byte[]> nested = client.requestAsync(new byte[] { 1 })
                .thenApply(response -> client.request(new byte[] { 2 }));
        attached.countDown();
        assertThat(nested).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void builderRequiresHostPortAndKey() {
        assertThatIllegalStateException().isThrownBy(() -> FalcoTcpClient.builder().port(1).key(this.key).build())
                .withMessageContaining("host");
        assertThatIllegalStateException().isThrownBy(() -> FalcoTcpClient.builder().host("h").key(this.key).build())
                .withMessageContaining("port");
        assertThatIllegalStateException().isThrownBy(() -> FalcoTcpClient.builder().host("h").port(1).build())
                .withMessageContaining("key");
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoTcpClient.builder()
                .reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    private V1TestServer server() throws IOException {
        return track(new V1TestServer(this.key.toByteArray()).start());
    }

    private FalcoTcpClient client(V1TestServer server, Consumer<FalcoTcpClient.Builder> customizer) {
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().host("127.0.0.1").port(server.port()).key(this.key)
                .mode(ClientMode.V1).requestTimeout(Duration.ofSeconds(5));
        customizer.accept(builder);
        return track(builder.build());
    }

    private <T extends AutoCloseable> T track(T resource) {
        this.resources.add(resource);
        return resource;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition not met within %s", WAIT).isNegative();
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

}
