package io.falcotcp.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.client.LoadBalancingTests.awaitTrue;
import static io.falcotcp.client.LoadBalancingTests.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart over real sockets: one client in session mode over three {@link FalcoServer}s under steady load
 * from several callers; one server stopped gracefully tells its connections it goes away, and not one request fails.
 */
class RollingRestartTests {

    private static final int CALLERS = 6;

    private final FalcoKey key = FalcoKey.generate();

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
    }

    @Test
    void aServerStoppedGracefullyUnderLoadFailsNoRequestAndServesAgainOnceRestartedOnItsPort() throws Exception {
        AtomicInteger servedByOthers = new AtomicInteger();
        AtomicInteger servedByStopped = new AtomicInteger();
        server(0, servedByOthers);
        server(0, servedByOthers);
        FalcoServer stopping = server(0, servedByStopped);
        int port = stopping.port();
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().key(this.key).cryptoWarmUp(false)
            .mode(ClientMode.SESSION).requestTimeout(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(20))
            .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
        for (AutoCloseable server : this.resources) {
            builder.endpoint("127.0.0.1", ((FalcoServer) server).port());
        }
        FalcoTcpClient client = track(builder.build());
        String stopped = "127.0.0.1:" + port;
        awaitTrue(() -> client.endpoints().stream().allMatch((s) -> s.state() == EndpointStatus.State.UP),
                "every endpoint up");
        Load load = new Load(client);
        awaitTrue(() -> servedByStopped.get() >= 100, "the third server serves requests");
        // a grace period far beyond this wait: the stop returns in time only if the client closed every connection
        CompletableFuture.runAsync(stopping::stop).get(30, TimeUnit.SECONDS);
        int others = servedByOthers.get();
        awaitTrue(() -> servedByOthers.get() >= others + 600, "the other servers take the load");
        int beforeRestart = servedByStopped.get();
        server(port, servedByStopped);
        awaitTrue(() -> servedByStopped.get() >= beforeRestart + 100, "the restarted server serves again");
        assertThat(client.endpoints()).filteredOn((status) -> status.endpoint().equals(stopped))
            .singleElement().extracting(EndpointStatus::state).isEqualTo(EndpointStatus.State.UP);
        load.stop();
        assertThat(load.failures).isEmpty();
        assertThat(load.successes.get()).isGreaterThan(800);
    }

    private FalcoServer server(int port, AtomicInteger served) {
        FalcoServer server = FalcoServer.builder().key(this.key).host("127.0.0.1").port(port).cryptoWarmUp(false)
            .eventLoopThreads(1).handlerThreads(2).shutdownGracePeriod(Duration.ofSeconds(120))
            .handler((request, context) -> {
                served.incrementAndGet();
                return request;
            })
            .build();
        server.start();
        return track(server);
    }

    private <T extends AutoCloseable> T track(T resource) {
        this.resources.add(resource);
        return resource;
    }

    /**
     * Callers that each send one request at a time until stopped, recording what fails.
     */
    private static final class Load {

        private final AtomicBoolean stopped = new AtomicBoolean();

        private final AtomicInteger successes = new AtomicInteger();

        private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

        private final CountDownLatch finished = new CountDownLatch(CALLERS);

        Load(FalcoTcpClient client) {
            for (int c = 0; c < CALLERS; c++) {
                Thread caller = new Thread(() -> {
                    try {
                        for (int i = 0; !this.stopped.get(); i++) {
                            try {
                                assertThat(client.request(payload(i))).isEqualTo(payload(i));
                                this.successes.incrementAndGet();
                            }
                            catch (RuntimeException | AssertionError ex) {
                                this.failures.add(ex);
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

        void stop() throws InterruptedException {
            this.stopped.set(true);
            assertThat(this.finished.await(60, TimeUnit.SECONDS)).as("callers finished").isTrue();
        }

    }

}
