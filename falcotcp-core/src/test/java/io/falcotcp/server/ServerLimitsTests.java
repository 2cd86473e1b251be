package io.falcotcp.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connection and executor limits, binding failures, backpressure and graceful stop.
 */
class ServerLimitsTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final byte[] key = SpecV1Connection.randomBytes(32);

    private final List<FalcoServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        this.servers.forEach(FalcoServer::stop);
    }

    private FalcoServer start(Consumer<FalcoServer.Builder> customizer) {
        FalcoServer server = TestServers.start(this.key, customizer);
        this.servers.add(server);
        return server;
    }

    @Test
    void connectionAboveTheLimitIsClosedAtAcceptAndCounted() throws Exception {
        FalcoServer server = start((builder) -> builder.handler(TestServers.ECHO).maxConnections(2));
        try (SpecV1Connection first = SpecV1Connection.open(server.port(), this.key);
                SpecV1Connection second = SpecV1Connection.open(server.port(), this.key)) {
            try (SpecV1Connection third = SpecV1Connection.connect(server.port(), this.key)) {
                third.assertClosedWithoutData(WAIT);
            }
            assertThat(server.stats().rejectedConnections()).isEqualTo(1);
            assertThat(first.request(bytes("first"))).isEqualTo(bytes("first"));
            second.close();
            Await.until("the second connection gone", () -> server.stats().activeConnections() == 1);
            try (SpecV1Connection replacement = SpecV1Connection.open(server.port(), this.key)) {
                assertThat(replacement.request(bytes("again"))).isEqualTo(bytes("again"));
            }
        }
        assertThat(server.stats().acceptedConnections()).isEqualTo(3);
    }

    @Test
    void requestsRefusedBySaturatedExecutorGetTheEmptyResponseAndTheServerKeepsServing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RequestHandler blocking = (request, context) -> {
            if (new String(request, StandardCharsets.UTF_8).startsWith("block")) {
                release.await(30, TimeUnit.SECONDS);
            }
            return request;
        };
        FalcoServer server = start((builder) -> builder.handler(blocking).handlerThreads(1).handlerQueueCapacity(1));
        try (SpecV1Connection connection = SpecV1Connection.open(server.port(), this.key)) {
            connection.send(bytes("block 1"));
            connection.send(bytes("queued 2"));
            connection.send(bytes("refused 3"));
            Await.until("a request refused", () -> server.stats().rejectedRequests() == 1);
            release.countDown();
            assertThat(connection.readResponse()).isEqualTo(bytes("block 1"));
            assertThat(connection.readResponse()).isEqualTo(bytes("queued 2"));
            assertThat(connection.readExactly(8)).containsOnly(0);
            assertThat(connection.request(bytes("served 4"))).isEqualTo(bytes("served 4"));
        }
        assertThat(server.isRunning()).isTrue();
    }

    @Test
    void pipelinedRequestsBeyondTheLimitAreAllAnsweredInOrder() throws Exception {
        FalcoServer server = start((builder) -> builder.handler(TestServers.ECHO).maxPipelinedRequests(4));
        int count = 300;
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (SpecV1Connection connection = SpecV1Connection.open(server.port(), this.key)) {
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        connection.send(bytes("request " + i));
                    }
                }
                catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }, writer);
            for (int i = 0; i < count; i++) {
                assertThat(connection.readResponse()).isEqualTo(bytes("request " + i));
            }
            written.get(10, TimeUnit.SECONDS);
        }
        finally {
            writer.shutdownNow();
        }
    }

    @Test
    void portInUseFailsTheStartNamingThePort() {
        FalcoServer first = start((builder) -> builder.handler(TestServers.ECHO));
        FalcoServer second = FalcoServer.builder().key(FalcoKey.of(this.key)).host("127.0.0.1").port(first.port())
            .handler(TestServers.ECHO).build();
        assertThatExceptionOfType(FalcoServerStartException.class).isThrownBy(second::start)
            .withMessageContaining("port " + first.port() + " on 127.0.0.1 is already in use");
        assertThat(second.isRunning()).isFalse();
        assertThatThrownBy(second::port).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopLetsTheRequestInFlightAnswerAndThenRefusesConnections() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        RequestHandler answeringOnceStopping = (request, context) -> {
            handling.countDown();
            stopping.await(30, TimeUnit.SECONDS);
            return request;
        };
        FalcoServer server = start((builder) -> builder.handler(answeringOnceStopping)
            .shutdownGracePeriod(Duration.ofSeconds(10)));
        int port = server.port();
        ExecutorService stopper = Executors.newSingleThreadExecutor();
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            connection.send(bytes("slow"));
            assertThat(handling.await(20, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop, stopper);
            // the handler answers only once the stop has begun, so the request is in flight during the stop
            Await.until("the stop begun", () -> !server.isRunning());
            stopping.countDown();
            assertThat(connection.readResponse()).isEqualTo(bytes("slow"));
            stopped.get(20, TimeUnit.SECONDS);
            connection.assertClosedWithoutData(WAIT);
        }
        finally {
            stopper.shutdownNow();
        }
        assertThat(server.isRunning()).isFalse();
        assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        });
        server.stop();
    }

    @Test
    void serverCanBeStartedAgainAfterStop() throws Exception {
        FalcoServer server = start((builder) -> builder.handler(TestServers.ECHO));
        server.stop();
        server.start();
        try (SpecV1Connection connection = SpecV1Connection.open(server.port(), this.key)) {
            assertThat(connection.request(bytes("again"))).isEqualTo(bytes("again"));
        }
    }

    @Test
    void userExecutorRunsTheHandlerAndIsNotShutDown() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> new Thread(task, "user-handler"));
        try {
            RequestHandler threadName = (request, context) -> Thread.currentThread().getName()
                .getBytes(StandardCharsets.UTF_8);
            FalcoServer server = start((builder) -> builder.handler(threadName).handlerExecutor(executor));
            try (SpecV1Connection connection = SpecV1Connection.open(server.port(), this.key)) {
                assertThat(connection.request(bytes("who"))).isEqualTo(bytes("user-handler"));
            }
            server.stop();
            assertThat(executor.isShutdown()).isFalse();
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void builderRejectsIncompleteConfiguration() {
        assertThatThrownBy(() -> FalcoServer.builder().handler(TestServers.ECHO).build())
            .hasMessageContaining("key");
        assertThatThrownBy(() -> FalcoServer.builder().key(FalcoKey.of(this.key)).build())
            .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> FalcoServer.builder().maxFrameSize(27)).hasMessageContaining("at least 28");
    }

}
