package io.falcotcp.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.testsupport.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client over several endpoints, each a real {@link FalcoServer} on 127.0.0.1: how requests spread, what happens
 * when one server crashes and comes back, and when every endpoint is down.
 */
class LoadBalancingTests {

    private static final long WAIT_SECONDS = 30;

    private static final Duration SERVICE_TIME = Duration.ofMillis(1);

    private final FalcoKey key = FalcoKey.generate();

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
    }

    @Test
    void leastLoadedSpreadsRequestsOverThreeServersWithinTwentyPercent() throws Exception {
        // each request holds its server for a millisecond, so that the servers are alike however busy the cores are:
        // the choice by requests in flight then spreads evenly
        List<CountingServer> servers = List.of(server(SERVICE_TIME), server(SERVICE_TIME), server(SERVICE_TIME));
        FalcoTcpClient client = client(servers.stream().map(CountingServer::port).toList(), (builder) -> { });
        awaitAllUp(client);
        int total = 3000;
        runConcurrently(8, total / 8, client);
        for (CountingServer server : servers) {
            assertThat(server.requests.get()).as("requests to %s", server.port()).isBetween(800, 1200);
        }
    }

    @Test
    void roundRobinGivesEachServerItsTurn() throws Exception {
        List<CountingServer> servers = List.of(server(), server(), server());
        FalcoTcpClient client = client(servers.stream().map(CountingServer::port).toList(),
                (builder) -> builder.loadBalancing(LoadBalancing.ROUND_ROBIN));
        awaitAllUp(client);
        for (int i = 0; i < 300; i++) {
            client.request(payload(i));
        }
        assertThat(servers).allSatisfy((server) -> assertThat(server.requests.get()).isEqualTo(100));
    }

    @Test
    void aCrashedServerIsEjectedItsUnwrittenRequestsSucceedElsewhereAndItComesBackOnRestart() throws Exception {
        CountingServer first = server();
        CountingServer second = server();
        CountingServer third = server();
        TestProxy crashing = new TestProxy(third.port());
        this.resources.add(crashing);
        FalcoTcpClient client = client(List.of(first.port(), second.port(), crashing.port()),
                (builder) -> builder.reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400)));
        awaitAllUp(client);
        String crashed = "127.0.0.1:" + crashing.port();
        Load load = new Load(client, 6);
        awaitTrue(() -> third.requests.get() >= 100, "the third server serves requests");
        crashing.crash();
        Instant crashedAt = Instant.now();
        awaitTrue(() -> client.endpoints().stream().anyMatch((status) -> status.endpoint().equals(crashed)
                && status.state() == EndpointStatus.State.EJECTED && status.ejectedUntil() != null
                && status.ejectedUntil().isAfter(crashedAt) && status.authenticatedConnections() == 0),
                "the crashed endpoint is ejected, without connections, until a later instant");
        load.markAfterEjection();
        int servedByOthers = first.requests.get() + second.requests.get();
        awaitTrue(() -> first.requests.get() + second.requests.get() >= servedByOthers + 600,
                "the other servers take the load");
        int servedBeforeRestart = third.requests.get();
        crashing.restart();
        awaitTrue(() -> state(client, crashed) == EndpointStatus.State.UP, "the restarted endpoint returns");
        awaitTrue(() -> third.requests.get() >= servedBeforeRestart + 100, "the restarted server serves again");
        load.stop();
        // only requests already written to the crashed server's connections may fail, one per caller at most,
        // with the existing exception; none sent once the endpoint was ejected
        assertThat(load.failures).hasSizeLessThanOrEqualTo(6)
            .allSatisfy((failure) -> assertThat(failure).isInstanceOf(FalcoConnectionException.class));
        assertThat(load.failuresAfterEjection).isEmpty();
        assertThat(load.successes.get()).isGreaterThan(800);
        assertThat(client.endpointStats().get(crashed).connectionFailures()).isPositive();
    }

    @Test
    void withEveryEndpointDownARequestFailsWithTheAttemptsFailureAsWithOneEndpoint() throws Exception {
        FalcoTcpClient client = client(List.of(freePort(), freePort()),
                (builder) -> builder.reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        assertThatThrownBy(() -> client.request(payload(1))).isInstanceOf(FalcoConnectionException.class)
            .hasMessageContaining("cannot connect to 127.0.0.1:");
        assertThat(client.authenticatedConnections()).isZero();
        assertThat(client.endpoints()).extracting(EndpointStatus::state)
            .doesNotContain(EndpointStatus.State.UP);
    }

    @Test
    void withEveryEndpointSilentTheWaitingQueueHoldsEndpointsTimesPoolSizeTimesPipelinedRequests()
            throws Exception {
        // listening sockets that never accept: TCP connects, the handshake gets no answer
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.resources.add(silent);
            ports.add(silent.getLocalPort());
        }
        FalcoTcpClient client = client(ports, (builder) -> builder.maxPipelinedRequests(2)
            .connectTimeout(Duration.ofSeconds(30)));
        List<CompletableFuture<byte[]>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(client.requestAsync(payload(i)));
        }
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        assertThat(client.requestAsync(payload(5))).failsWithin(Duration.ofSeconds(WAIT_SECONDS))
            .withThrowableThat()
            .havingCause()
            .isExactlyInstanceOf(FalcoClientException.class)
            .withMessageContaining("4 requests to [127.0.0.1:");
    }

    @Test
    void whereToSendIsWhatTheBuilderWasToldLast() throws Exception {
        CountingServer server = server();
        FalcoTcpClient endpoints = client(List.of(freePort()), (builder) -> builder.host("127.0.0.1")
            .port(server.port()));
        assertThat(endpoints.endpoints()).extracting(EndpointStatus::endpoint)
            .containsExactly("127.0.0.1:" + server.port());
        FalcoTcpClient host = FalcoTcpClient.builder().host("127.0.0.1").port(freePort()).endpoint("127.0.0.1",
                server.port()).key(this.key).cryptoWarmUp(false).build();
        this.resources.add(host);
        assertThat(host.request(payload(1))).isEqualTo(payload(1));
        assertThat(server.requests.get()).isEqualTo(1);
    }

    @Test
    void theBuilderRefusesARepeatedEndpoint() {
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().endpoint("127.0.0.1", 2);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.endpoint("127.0.0.1", 2))
            .withMessage("127.0.0.1:2 repeats an endpoint");
    }

    private static EndpointStatus.State state(FalcoTcpClient client, String endpoint) {
        return client.endpoints().stream().filter((status) -> status.endpoint().equals(endpoint)).findFirst()
            .orElseThrow().state();
    }

    private static void awaitAllUp(FalcoTcpClient client) throws InterruptedException {
        awaitTrue(() -> client.endpoints().stream().allMatch((s) -> s.state() == EndpointStatus.State.UP),
                "every endpoint up");
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT_SECONDS + " s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static void runConcurrently(int threads, int perThread, FalcoTcpClient client) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(executor.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        byte[] payload = payload(i);
                        assertThat(client.request(payload)).isEqualTo(payload);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    private CountingServer server() {
        return server(Duration.ZERO);
    }

    private CountingServer server(Duration serviceTime) {
        AtomicInteger requests = new AtomicInteger();
        FalcoServer server = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0).cryptoWarmUp(false)
            .handler((request, context) -> {
                requests.incrementAndGet();
                if (!serviceTime.isZero()) {
                    Thread.sleep(serviceTime.toMillis());
                }
                return request;
            })
            .build();
        server.start();
        this.resources.add(server);
        return new CountingServer(server, requests);
    }

    private FalcoTcpClient client(List<Integer> ports, Consumer<FalcoTcpClient.Builder> custom) {
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().key(this.key).cryptoWarmUp(false)
            .requestTimeout(Duration.ofSeconds(WAIT_SECONDS));
        ports.forEach((port) -> builder.endpoint("127.0.0.1", port));
        custom.accept(builder);
        FalcoTcpClient client = builder.build();
        this.resources.add(client);
        return client;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    static byte[] payload(int i) {
        return ("request " + i).getBytes(StandardCharsets.UTF_8);
    }

    private record CountingServer(FalcoServer server, AtomicInteger requests) {

        int port() {
            return this.server.port();
        }

    }

    /**
     * Callers that each send one request at a time until stopped, recording what fails.
     */
    private static final class Load {

        private final AtomicBoolean stopped = new AtomicBoolean();

        private volatile boolean afterEjection;

        private final AtomicInteger successes = new AtomicInteger();

        private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

        private final Queue<Throwable> failuresAfterEjection = new ConcurrentLinkedQueue<>();

        private final CountDownLatch finished;

        Load(FalcoTcpClient client, int callers) {
            this.finished = new CountDownLatch(callers);
            for (int c = 0; c < callers; c++) {
                Thread caller = new Thread(() -> {
                    try {
                        for (int i = 0; !this.stopped.get(); i++) {
                            boolean sentAfterEjection = this.afterEjection;
                            try {
                                client.request(payload(i));
                                this.successes.incrementAndGet();
                            }
                            catch (RuntimeException ex) {
                                this.failures.add(ex);
                                if (sentAfterEjection) {
                                    this.failuresAfterEjection.add(ex);
                                }
                            }
                        }
                    }
                    finally {
                        this.finished.countDown();
                    }
                }, "load-" + c);
                caller.setDaemon(true);
                caller.start();
            }
        }

        void markAfterEjection() {
            this.afterEjection = true;
        }

        void stop() throws InterruptedException {
            this.stopped.set(true);
            assertThat(this.finished.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("callers finished").isTrue();
        }

    }

}
