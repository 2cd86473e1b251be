package io.falcotcp.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking requests of many connections: served in turn, with a limit per connection that stops reading it
 * instead of refusing its requests.
 */
class HandlerFairnessTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FalcoKey key = FalcoKey.generate();

    private final CountDownLatch release = new CountDownLatch(1);

    /** The requests in the order their handler started. */
    private final List<String> started = new ArrayList<>();

    /** The requests in the order they arrived (the handler was asked whether they block). */
    private final AtomicInteger arrived = new AtomicInteger();

    private FalcoServer server;

    @AfterEach
    void stop() {
        this.release.countDown();
        if (this.server != null) {
            this.server.stop();
        }
    }

    private int start(Consumer<FalcoServer.Builder> customizer) {
        this.server = TestServers.start(this.key.toByteArray(), (builder) -> {
            builder.handlerThreads(2).handler(new RecordingHandler());
            customizer.accept(builder);
        });
        return this.server.port();
    }

    @Test
    void singleRequestOfAnotherConnectionIsServedWithinATurnOfAFloodingConnection() throws Exception {
        int flood = 120;
        // no limit per connection gets in the way: the turns alone must serve the single request early
        int port = start((builder) -> builder.maxQueuedPerConnection(1000));
        try (SpecV1Connection flooder = SpecV1Connection.open(port, this.key.toByteArray());
                SpecV1Connection single = SpecV1Connection.open(port, this.key.toByteArray())) {
            for (int i = 0; i < flood; i++) {
                flooder.send(bytes("flood " + i));
            }
            Await.until("the requests arrived", () -> this.arrived.get() == flood && startedCount() == 2);
            single.send(bytes("single"));
            Await.until("the requests arrived", () -> this.arrived.get() == flood + 1);
            this.release.countDown();
            assertThat(single.readResponse()).isEqualTo(bytes("single"));
            for (int i = 0; i < flood; i++) {
                assertThat(flooder.readResponse()).isEqualTo(bytes("flood " + i));
            }
        }
        synchronized (this.started) {
            // behind one shared queue it would have been the last of all (index 120)
            assertThat(this.started.indexOf("single")).isBetween(2, 99);
        }
        assertThat(this.server.stats().rejectedRequests()).isZero();
    }

    @Test
    void connectionAtItsLimitIsNoLongerReadAndItsFurtherRequestsWaitInsteadOfBeingRefused() throws Exception {
        int count = 100;
        // the total capacity alone would refuse most of the flood
        int port = start((builder) -> builder.maxQueuedPerConnection(4).handlerQueueCapacity(10));
        try (SessionTestConnection flooder = SessionTestConnection.open(port, this.key)) {
            for (int id = 0; id < count; id++) {
                flooder.write(flooder.frame(new SessionMessage.Request(id, null, bytes("flood " + id))));
            }
            // 2 requests running and 4 waiting: then the session's frames are no longer read
            Await.until("two running, four waiting", () -> this.arrived.get() == 6 && startedCount() == 2);
            Await.holdsFor("no seventh request read", Duration.ofMillis(300), () -> this.arrived.get() == 6);
            try (SpecV1Connection other = SpecV1Connection.open(port, this.key.toByteArray())) {
                other.send(bytes("other"));
                Await.until("the requests arrived", () -> this.arrived.get() == 7);
                this.release.countDown();
                assertThat(other.readResponse()).isEqualTo(bytes("other"));
            }
            for (int i = 0; i < count; i++) {
                SessionMessage.Response response = flooder.readResponse();
                assertThat(response.status()).isEqualTo(RequestStatus.OK);
                assertThat(response.body()).isEqualTo(bytes("flood " + response.id()));
            }
        }
        assertThat(this.server.stats().rejectedRequests()).isZero();
    }

    @Test
    void limitPerConnectionAppliesToASuppliedExecutor() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(1);
        try {
            int port = start((builder) -> builder.maxQueuedPerConnection(3).handlerExecutor(executor));
            try (SessionTestConnection flooder = SessionTestConnection.open(port, this.key)) {
                for (int id = 0; id < 20; id++) {
                    flooder.write(flooder.frame(new SessionMessage.Request(id, null, bytes("flood " + id))));
                }
                Await.until("one running, three waiting", () -> this.arrived.get() == 4 && startedCount() == 1);
                Await.holdsFor("no fifth request read", Duration.ofMillis(300), () -> this.arrived.get() == 4);
                this.release.countDown();
                for (int i = 0; i < 20; i++) {
                    assertThat(flooder.readResponse().status()).isEqualTo(RequestStatus.OK);
                }
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    private int startedCount() {
        synchronized (this.started) {
            return this.started.size();
        }
    }

    /**
     * Blocks until released, then takes a little time per request, as a database call would.
     */
    private final class RecordingHandler implements RequestHandler {

        @Override
        public byte[] handle(byte[] request, RequestContext context) throws Exception {
            synchronized (HandlerFairnessTests.this.started) {
                HandlerFairnessTests.this.started.add(new String(request, StandardCharsets.UTF_8));
            }
            assertThat(HandlerFairnessTests.this.release.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Thread.sleep(30);
            return request;
        }

        @Override
        public boolean blocks(byte[] request, RequestContext context) {
            HandlerFairnessTests.this.arrived.incrementAndGet();
            return true;
        }

    }

}
