package io.falcotcp.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.testsupport.SpecSession;
import io.falcotcp.testsupport.SpecSessionConnection;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The going-away notice (feature bit 3) at the frame level, with the independent {@link SpecSessionConnection}: a
 * stopping server tells the clients that accepted it, including dormant ones, answers what they still send until
 * they close, and shows a client that did not accept it exactly the graceful stop it always had.
 */
class GoingAwayTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final byte[] key = FalcoKey.generate().toByteArray();

    private final CountDownLatch release = new CountDownLatch(1);

    private final AtomicInteger handled = new AtomicInteger();

    private FalcoServer server;

    @AfterEach
    void stop() {
        this.release.countDown();
        if (this.server != null) {
            this.server.stop();
        }
    }

    @Test
    void theServerAcceptsGoingAwayWhenAsked() throws Exception {
        this.server = TestServers.startEcho(this.key, (builder) -> { });
        try (SpecSessionConnection connection = SpecSessionConnection.open(this.server.port(), this.key,
                SpecSession.GOING_AWAY)) {
            assertThat(connection.acceptedFeatures()).isEqualTo(SpecSession.GOING_AWAY);
        }
    }

    @Test
    void aStoppingServerSaysItGoesAwayAndAnswersTheRequestsStillSentUntilTheClientCloses() throws Exception {
        this.server = slowServer();
        SpecSessionConnection connection = SpecSessionConnection.open(this.server.port(), this.key,
                SpecSession.GOING_AWAY);
        try (connection) {
            connection.pingPong();
            connection.send(SpecSession.request(1, 0, "", bytes("slow")));
            awaitHandlerStarted();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.server::stop);
            assertThat(connection.read()).as("going-away notice").containsExactly(SpecSession.KIND_GOING_AWAY);
            // written before the client took the notice in: processed, not discarded
            connection.send(SpecSession.request(2, 0, "", bytes("crossed the notice")));
            this.release.countDown();
            Map<Integer, String> answers = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                SpecSessionConnection.Response response = connection.readResponse();
                answers.put(response.id(), new String(response.rest()));
            }
            assertThat(answers).containsExactlyInAnyOrderEntriesOf(Map.of(1, "slow", 2, "crossed the notice"));
            connection.close();
            stopped.get(30, TimeUnit.SECONDS);
        }
        assertThat(this.handled.get()).isEqualTo(2);
        this.server = null;
    }

    @Test
    void aClientThatDidNotAcceptGoingAwaySeesTheAnswersThenEndOfStream() throws Exception {
        this.server = slowServer();
        try (SpecSessionConnection connection = SpecSessionConnection.open(this.server.port(), this.key, 0)) {
            assertThat(connection.acceptedFeatures()).isZero();
            connection.pingPong();
            connection.send(SpecSession.request(1, 0, "", bytes("slow")));
            awaitHandlerStarted();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.server::stop);
            this.release.countDown();
            SpecSessionConnection.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(1);
            connection.assertClosedWithoutAnswer(WAIT);
            connection.close();
            stopped.get(30, TimeUnit.SECONDS);
        }
        this.server = null;
    }

    @Test
    void aDormantConnectionWakesOnTheStopAndIsToldToo() throws Exception {
        this.server = TestServers.startEcho(this.key, (builder) -> builder.timeout(Duration.ofMinutes(1))
            .shutdownGracePeriod(Duration.ofSeconds(20)));
        try (SpecSessionConnection connection = SpecSessionConnection.open(this.server.port(), this.key,
                SpecSession.GOING_AWAY)) {
            connection.pingPong();
            Channel channel = List.copyOf(this.server.connections()).get(0);
            awaitDormant(channel);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.server::stop);
            assertThat(connection.read()).as("going-away notice").containsExactly(SpecSession.KIND_GOING_AWAY);
            connection.send(SpecSession.request(3, 0, "", bytes("after waking")));
            assertThat(connection.readResponse().rest()).isEqualTo(bytes("after waking"));
            connection.close();
            stopped.get(30, TimeUnit.SECONDS);
        }
        this.server = null;
    }

    private FalcoServer slowServer() {
        return TestServers.start(this.key, (builder) -> builder.handlerThreads(4)
            .shutdownGracePeriod(Duration.ofSeconds(20)).handler((request, context) -> {
                if (new String(request).equals("slow")) {
                    this.handled.incrementAndGet();
                    this.release.await(20, TimeUnit.SECONDS);
                    return request;
                }
                this.handled.incrementAndGet();
                return request;
            }));
    }

    private void awaitHandlerStarted() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (this.handled.get() == 0) {
            assertThat(System.nanoTime() - deadline).as("the handler starts within %s", WAIT).isNegative();
            Thread.sleep(10);
        }
    }

    private static void awaitDormant(Channel channel) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!channel.eventLoop().submit(() -> channel.pipeline().names().contains(DormantConnection.NAME))
            .get(10, TimeUnit.SECONDS)) {
            assertThat(System.nanoTime() - deadline).as("the connection dozes within %s", WAIT).isNegative();
            Thread.sleep(50);
        }
    }

}
