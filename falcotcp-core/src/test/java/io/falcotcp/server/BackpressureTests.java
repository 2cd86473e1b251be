package io.falcotcp.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.SessionMessage;
import io.falcotcp.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded work for authenticated peers, over real sockets: a connection stops reading at its pipelining limit, at
 * its request budget, at the server-wide budget and while its responses are not read, instead of buffering; a
 * peer that never reads is closed after the write-stall timeout. What must not happen (a request read past a limit)
 * is watched for a short window with {@link Await#holdsFor}: on a loaded machine that can only miss a fault, never
 * fail a correct server.
 */
class BackpressureTests {

    private static final int MIB = 1024 * 1024;

    /** A request whose sealed frame is exactly 4 MiB. */
    private static final int FOUR_MIB_FRAME = 4 * MIB - 28;

    private final byte[] key = FalcoKey.generate().toByteArray();

    private final CountDownLatch release = new CountDownLatch(1);

    private final AtomicInteger entered = new AtomicInteger();

    private final List<AutoCloseable> closeables = new ArrayList<>();

    private final ExecutorService writers = Executors.newCachedThreadPool();

    private FalcoServer server;

    private final RequestHandler blocking = (request, context) -> {
        this.entered.incrementAndGet();
        this.release.await(30, TimeUnit.SECONDS);
        return request;
    };

    @AfterEach
    void close() throws Exception {
        this.release.countDown();
        for (AutoCloseable closeable : this.closeables) {
            closeable.close();
        }
        this.writers.shutdownNow();
        if (this.server != null) {
            this.server.stop();
        }
    }

    @Test
    void v1ConnectionStopsReadingAtItsPipeliningLimitAndAnswersEverythingLater() throws Exception {
        this.server = TestServers.start(this.key, (builder) -> builder.handler(this.blocking).maxPipelinedRequests(4));
        SpecV1Connection connection = open();
        byte[][] frames = new byte[100][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = SpecV1Connection.messageFrame(this.key, bytes("request " + i));
        }
        connection.write(SpecV1Connection.concat(frames));
        Await.until("four requests handled", () -> this.entered.get() == 4);
        // the other 96 arrived in the same write, but none is handled while four wait for their answers
        Await.holdsFor("four requests in flight, no more", Duration.ofMillis(300),
                () -> this.entered.get() == 4 && this.server.stats().requestsInFlight() == 4);
        this.release.countDown();
        for (int i = 0; i < frames.length; i++) {
            assertThat(connection.readResponse()).isEqualTo(bytes("request " + i));
        }
    }

    @Test
    void connectionStopsReadingAtItsRequestBudget() throws Exception {
        this.server = TestServers.start(this.key, (builder) -> builder.handler(this.blocking).maxFrameSize(5 * MIB)
            .maxRequestBytesPerConnection(16 * MIB));
        SpecV1Connection connection = open();
        CompletableFuture<Void> written = writeInBackground(connection, 32, FOUR_MIB_FRAME);
        Await.until("four requests handled", () -> this.entered.get() == 4);
        // 4 requests of 4 MiB fill the 16 MiB budget: the fifth is left unread, its sender blocks
        Await.holdsFor("four requests handled and the budget read, no more", Duration.ofMillis(500),
                () -> this.entered.get() == 4
                        && this.server.stats().bytesReceived() < 16L * MIB + 5 * MIB + 2 * MIB);
        assertThat(written).isNotDone();
        this.release.countDown();
        for (int i = 0; i < 32; i++) {
            assertThat(connection.readResponse()).hasSize(FOUR_MIB_FRAME);
        }
        written.get(30, TimeUnit.SECONDS);
    }

    @Test
    void connectionsStopReadingAtTheServerWideBudget() throws Exception {
        this.server = TestServers.start(this.key, (builder) -> builder.handler(this.blocking).maxFrameSize(5 * MIB)
            .maxRequestBytesPerConnection(16 * MIB).maxRequestBytes(16 * MIB));
        SpecV1Connection first = open();
        SpecV1Connection second = open();
        CompletableFuture<Void> firstWritten = writeInBackground(first, 8, FOUR_MIB_FRAME);
        CompletableFuture<Void> secondWritten = writeInBackground(second, 8, FOUR_MIB_FRAME);
        Await.until("four requests handled", () -> this.entered.get() == 4);
        // 16 MiB for the two connections together, whichever sends faster: 64 MiB were sent
        Await.holdsFor("four requests handled and the shared budget read, no more", Duration.ofMillis(500),
                () -> this.entered.get() == 4
                        && this.server.stats().bytesReceived() < 16L * MIB + 2 * (4 * MIB + 2 * MIB));
        this.release.countDown();
        for (int i = 0; i < 8; i++) {
            assertThat(first.readResponse()).hasSize(FOUR_MIB_FRAME);
            assertThat(second.readResponse()).hasSize(FOUR_MIB_FRAME);
        }
        firstWritten.get(30, TimeUnit.SECONDS);
        secondWritten.get(30, TimeUnit.SECONDS);
    }

    @Test
    void peerThatDoesNotReadItsResponsesIsReadNoFurtherAndIsClosedAfterTheWriteStallTimeout() throws Exception {
        this.server = TestServers.startEcho(this.key, (builder) -> builder.maxFrameSize(5 * MIB)
            .writeStallTimeout(Duration.ofSeconds(2)));
        SpecV1Connection connection = open();
        // echoes of 4 MiB pile up in the server's outbound buffer while the client reads nothing
        writeInBackground(connection, 64, 4 * MIB);
        Await.until("the stalled connection closed", () -> this.server.stats().activeConnections() == 0);
        // the server read a few requests, not the 256 MiB sent: each echo is held until written
        assertThat(this.server.stats().bytesReceived()).isLessThan(64L * MIB);
    }

    @Test
    void clientPipeliningLargeRequestsWithoutReadingKeepsTheServersMemoryBounded() throws Exception {
        // 4 MiB frames, a 10 MiB request budget: requests held are at most 10 MiB, their echoes as many, plus a read
        this.server = TestServers.startEcho(this.key, (builder) -> builder.maxFrameSize(5 * MIB)
            .maxRequestBytesPerConnection(10 * MIB).writeStallTimeout(Duration.ofSeconds(60)));
        SpecV1Connection connection = open();
        long heapBefore = heapAfterGc();
        long directBefore = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        CompletableFuture<Void> written = writeInBackground(connection, 64, FOUR_MIB_FRAME);
        // the first echo already fills the outbound buffer: from then on the server reads no more
        Await.until("a request read", () -> this.server.stats().requests() >= 1);
        Await.holdsFor("the request budget read, no more", Duration.ofSeconds(1),
                () -> this.server.stats().bytesReceived() < 10L * MIB + 5 * MIB + 2 * MIB);
        long heapGrowth = heapAfterGc() - heapBefore;
        long directGrowth = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - directBefore;
        // the writer could send 256 MiB; the server holds a bounded part of it while nothing is read
        assertThat(written).isNotDone();
        assertThat(heapGrowth + directGrowth).as("heap %d + direct %d bytes", heapGrowth, directGrowth)
            .isLessThan(2L * 10 * MIB + 16L * MIB);
        assertThat(this.server.stats().bytesReceived()).isLessThan(10L * MIB + 5 * MIB + 2 * MIB);
        for (int i = 0; i < 64; i++) {
            assertThat(connection.readResponse()).hasSize(FOUR_MIB_FRAME);
        }
        written.get(30, TimeUnit.SECONDS);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void pausedSessionConnectionBuffersNoMoreThanItRead() throws Exception {
        this.server = TestServers.start(this.key, (builder) -> builder.handler(this.blocking)
            .maxInFlightPerSession(1));
        SessionTestConnection connection = SessionTestConnection.open(this.server.port(), FalcoKey.of(this.key));
        this.closeables.add(connection);
        byte[] body = new byte[64 * 1024];
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 200; i++) {
                    connection.write(connection.frame(new SessionMessage.Request(i, null, body)));
                }
            }
            catch (IOException ex) {
                // the connection closed at the end of the test
            }
        }, this.writers);
        Await.until("one request handled", () -> this.entered.get() == 1);
        // one request is handled; the 12.8 MB behind it are not read into the server's memory
        Await.holdsFor("one request handled and less than 4 MiB read", Duration.ofMillis(500),
                () -> this.entered.get() == 1 && this.server.stats().bytesReceived() < 4L * MIB);
        assertThat(written).isNotDone();
    }

    private SpecV1Connection open() throws IOException {
        SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.key);
        this.closeables.add(connection);
        return connection;
    }

    private CompletableFuture<Void> writeInBackground(SpecV1Connection connection, int count, int size) {
        byte[] frame = SpecV1Connection.messageFrame(this.key, new byte[size]);
        return CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    connection.write(frame);
                }
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }, this.writers);
    }

}
