package io.falcotcp.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.testsupport.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.client.LoadBalancingTests.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opt-in retry of idempotent routes, over real sockets: of the requests in flight on a server that crashes
 * ({@link TestProxy}), those to a route the client was told is idempotent succeed on the other servers, the
 * others fail with the existing exception.
 */
class IdempotentRetryTests {

    private final FalcoKey key = FalcoKey.generate();

    private final CountDownLatch release = new CountDownLatch(1);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        this.release.countDown();
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
    }

    @Test
    void requestsToAnIdempotentRouteLostWithACrashedServerSucceedElsewhereOthersFail() throws Exception {
        track(server());
        track(server());
        AtomicInteger getsHeld = new AtomicInteger();
        AtomicInteger putsHeld = new AtomicInteger();
        FalcoServer crashing = track(FalcoServer.builder().key(this.key).host("127.0.0.1").port(0).cryptoWarmUp(false)
            .handlerThreads(16).shutdownGracePeriod(Duration.ofSeconds(1))
            .handler((request, context) -> {
                ("get".equals(context.route()) ? getsHeld : putsHeld).incrementAndGet();
                this.release.await(30, TimeUnit.SECONDS);
                return request;
            })
            .build());
        crashing.start();
        TestProxy proxy = track(new TestProxy(crashing.port()));
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().key(this.key).cryptoWarmUp(false)
            .loadBalancing(LoadBalancing.ROUND_ROBIN).idempotentRoutes(Set.of("get"))
            .requestTimeout(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(20));
        for (int i = 0; i < 2; i++) {
            builder.endpoint("127.0.0.1", ((FalcoServer) this.resources.get(i)).port());
        }
        FalcoTcpClient client = track(builder.endpoint("127.0.0.1", proxy.port()).build());
        awaitTrue(() -> client.endpoints().stream().allMatch((s) -> s.state() == EndpointStatus.State.UP),
                "every endpoint up");
        List<CompletableFuture<byte[]>> gets = new ArrayList<>();
        List<CompletableFuture<byte[]>> puts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            gets.add(client.requestAsync("get", bytes("get " + i)));
            puts.add(client.requestAsync("put", bytes("put " + i)));
        }
        // round robin over three endpoints: a third of each route is held by the server about to crash
        awaitTrue(() -> getsHeld.get() >= 4 && putsHeld.get() >= 4, "the third server holds requests of both routes");
        proxy.crash();
        for (int i = 0; i < gets.size(); i++) {
            assertThat(gets.get(i)).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(bytes("get " + i));
        }
        int failedPuts = 0;
        for (int i = 0; i < puts.size(); i++) {
            CompletableFuture<byte[]> put = puts.get(i);
            try {
                assertThat(put.get(30, TimeUnit.SECONDS)).isEqualTo(bytes("put " + i));
            }
            catch (ExecutionException ex) {
                assertThat(ex.getCause()).isInstanceOf(FalcoConnectionException.class);
                failedPuts++;
            }
        }
        assertThat(failedPuts).as("the puts held by the crashed server, and only they").isEqualTo(putsHeld.get());
    }

    private FalcoServer server() {
        FalcoServer server = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0).cryptoWarmUp(false)
            .handler((request, context) -> request)
            .build();
        server.start();
        return server;
    }

    private <T extends AutoCloseable> T track(T resource) {
        this.resources.add(resource);
        return resource;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
