package io.falcotcp.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.falcotcp.client.FalcoAuthenticationException;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The project's client against the project's server, over real sockets on 127.0.0.1.
 */
class ClientServerTests {

    private static final RequestHandler ECHO_OR_FAIL = (request, context) -> {
        if (new String(request, StandardCharsets.UTF_8).equals("fail")) {
            throw new IllegalStateException("failing on purpose");
        }
        return request;
    };

    private final FalcoKey key = FalcoKey.generate();

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
    }

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void roundTripsPayloadsOfEverySizeWithEitherEngine(AeadEngine engine) {
        FalcoServer server = server((builder) -> builder.cryptoEngine(engine));
        // 8 MiB sealed and opened on each side took 10 s (JDK) and more than 20 s (BouncyCastle) on two busy cores
        FalcoTcpClient client = client(server, this.key, (builder) -> builder.cryptoEngine(engine)
            .requestTimeout(Duration.ofSeconds(60)));
        Random random = new Random(engine.ordinal());
        for (int size : new int[] { 0, 1, 64, 64 * 1024, 8 * 1024 * 1024 }) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            assertThat(client.request(payload)).as("response to %d bytes", size).isEqualTo(payload);
        }
        assertThat(server.stats().acceptedConnections()).isEqualTo(1);
        long payloads = 1 + 64 + 64 * 1024 + 8 * 1024 * 1024;
        assertThat(client.stats().connectionsEstablished()).isEqualTo(1);
        assertThat(client.stats().bytesSent()).isGreaterThan(payloads).isEqualTo(server.stats().bytesReceived());
        assertThat(client.stats().bytesReceived()).isGreaterThan(payloads).isEqualTo(server.stats().bytesSent());
    }

    @Test
    void thousandPipelinedRequestsOnOneConnectionComeBackInOrder() {
        FalcoServer server = server((builder) -> { });
        FalcoTcpClient client = client(server, this.key, (builder) -> builder.maxPipelinedRequests(1000));
        List<CompletableFuture<byte[]>> responses = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            responses.add(client.requestAsync(("request " + i).getBytes(StandardCharsets.UTF_8)));
        }
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
        for (int i = 0; i < 1000; i++) {
            assertThat(new String(responses.get(i).join(), StandardCharsets.UTF_8)).isEqualTo("request " + i);
        }
        assertThat(server.stats().acceptedConnections()).isEqualTo(1);
    }

    @Test
    void twoHundredConnectionsServeConcurrentRequests() throws Exception {
        // two hundred handshakes at once can take longer than the default 3 s handshake and 5 s connect timeouts on
        // two busy cores: the server then closes connections whose key confirmation came late, requests already on them
        FalcoServer server = server((builder) -> builder.handshakeTimeout(Duration.ofSeconds(30)));
        FalcoTcpClient client = client(server, this.key, (builder) -> builder.poolSize(200).eventLoopThreads(2)
            .connectTimeout(Duration.ofSeconds(30)));
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int caller = 0; caller < 16; caller++) {
                int id = caller;
                results.add(callers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        byte[] payload = ("caller " + id + " request " + i).getBytes(StandardCharsets.UTF_8);
                        assertThat(client.request(payload)).isEqualTo(payload);
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        }
        finally {
            callers.shutdownNow();
        }
        assertThat(server.stats().acceptedConnections()).isEqualTo(200);
        assertThat(server.stats().requests()).isEqualTo(16 * 50);
    }

    @Test
    void clientBuiltWithoutConnectingOpensItsConnectionsOnConnectOrFirstRequest() throws InterruptedException {
        FalcoServer server = server((builder) -> { });
        FalcoTcpClient onRequest = client(server, this.key, (builder) -> builder.connectOnBuild(false));
        // what must not happen is watched for a short window: on a loaded machine it can only miss a connection
        Await.holdsFor("no connection before the first request", Duration.ofMillis(300),
                () -> server.stats().acceptedConnections() == 0);
        assertThat(onRequest.request(new byte[] { 3 })).containsExactly(3);
        assertThat(server.stats().acceptedConnections()).isEqualTo(1);
        FalcoTcpClient onConnect = client(server, this.key, (builder) -> builder.connectOnBuild(false).poolSize(2));
        onConnect.connect();
        onConnect.connect();
        Await.until("two connections authenticated", () -> onConnect.authenticatedConnections() >= 2);
        assertThat(onConnect.authenticatedConnections()).isEqualTo(2);
        assertThat(server.stats().acceptedConnections()).isEqualTo(3);
    }

    @Test
    void wrongKeyIsAnAuthenticationFailureOnBothSides() {
        FalcoServer server = server((builder) -> { });
        // a connect timeout of 10 s, so that a loaded machine cannot turn the refusal into a timeout
        FalcoTcpClient client = client(server, FalcoKey.generate(),
                (builder) -> builder.connectTimeout(Duration.ofSeconds(10)));
        assertThatExceptionOfType(FalcoAuthenticationException.class)
            .isThrownBy(() -> client.request(new byte[] { 1 }));
        assertThat(server.stats().authenticationFailures()).isPositive();
        assertThat(server.stats().requests()).isZero();
        assertThat(client.stats().authenticationFailures()).isPositive();
        assertThat(client.stats().connectionFailures()).isGreaterThanOrEqualTo(client.stats().authenticationFailures());
        assertThat(client.stats().connectionsEstablished()).isZero();
    }

    @Test
    void handlerFailureIsARemoteExceptionAndTheConnectionStays() {
        FalcoServer server = server((builder) -> { });
        FalcoTcpClient client = client(server, this.key, (builder) -> { });
        assertThatExceptionOfType(FalcoRemoteException.class)
            .isThrownBy(() -> client.request("fail".getBytes(StandardCharsets.UTF_8)));
        assertThat(client.request(new byte[] { 7 })).containsExactly(7);
        assertThat(server.stats().handlerFailures()).isEqualTo(1);
        assertThat(server.stats().acceptedConnections()).isEqualTo(1);
    }

    @Test
    void pingsKeepAnIdleConnectionAlivePastTheServerLifetime() throws InterruptedException {
        FalcoServer server = server((builder) -> builder.timeout(Duration.ofSeconds(2)));
        FalcoTcpClient client = client(server, this.key, (builder) -> builder.pingInterval(Duration.ofMillis(150)));
        assertThat(client.request(new byte[] { 1 })).containsExactly(1);
        // two lifetimes: without the pings, sent 13 times a lifetime, the server would have closed the connection
        Thread.sleep(4_500);
        assertThat(client.request(new byte[] { 2 })).containsExactly(2);
        assertThat(server.stats().acceptedConnections()).isEqualTo(1);
    }

    @Test
    void withoutPingsTheServerClosesTheIdleConnectionAndTheClientReconnects() throws InterruptedException {
        // a lifetime of 2 s, not less: each request below must reach a connection before its lifetime runs out,
        // which a loaded machine could not promise within 300 ms (the request would then meet a closing connection)
        FalcoServer server = server((builder) -> builder.timeout(Duration.ofSeconds(2)));
        FalcoTcpClient client = client(server, this.key,
                (builder) -> builder.pingInterval(Duration.ZERO).reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100)));
        assertThat(client.request(new byte[] { 1 })).containsExactly(1);
        // the pool reopens a closed connection at once, so each lifetime that ran out brings a new connection
        Await.until("a second connection", Duration.ofSeconds(30), () -> server.stats().acceptedConnections() >= 2
                && client.authenticatedConnections() == 1);
        assertThat(client.request(new byte[] { 2 })).containsExactly(2);
    }

    @Test
    void gracefulStopCompletesTheRequestInFlight() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        FalcoServer server = server((builder) -> builder.shutdownGracePeriod(Duration.ofSeconds(10))
            .handler((request, context) -> {
                handling.countDown();
                stopping.await(30, TimeUnit.SECONDS);
                return request;
            }));
        FalcoTcpClient client = client(server, this.key, (builder) -> { });
        CompletableFuture<byte[]> response = client.requestAsync(new byte[] { 42 });
        assertThat(handling.await(20, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
        // the handler answers only once the stop has begun, so the request is in flight during the stop
        Await.until("the stop begun", () -> !server.isRunning());
        assertThat(response).isNotDone();
        stopping.countDown();
        assertThat(response.get(20, TimeUnit.SECONDS)).containsExactly(42);
        stopped.get(20, TimeUnit.SECONDS);
    }

    private FalcoServer server(Consumer<FalcoServer.Builder> customizer) {
        FalcoServer.Builder builder = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0)
            .handler(ECHO_OR_FAIL).shutdownGracePeriod(Duration.ofSeconds(2));
        customizer.accept(builder);
        FalcoServer server = builder.build();
        server.start();
        this.resources.add(server);
        return server;
    }

    private FalcoTcpClient client(FalcoServer server, FalcoKey clientKey, Consumer<FalcoTcpClient.Builder> customizer) {
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().host("127.0.0.1").port(server.port()).key(clientKey)
            .requestTimeout(Duration.ofSeconds(20));
        customizer.accept(builder);
        FalcoTcpClient client = builder.build();
        this.resources.add(client);
        return client;
    }

}
