package io.falcotcp.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoRequestNotProcessedException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping under load loses nothing, over real sockets: every request the server read is answered, none it read
 * afterwards is processed, and every connection ends with end-of-stream, never a reset; the project's client reports
 * the requests the server did not read as not processed.
 */
class GracefulStopTests {

    private static final int CONNECTIONS = 32;

    private final byte[] key = FalcoKey.generate().toByteArray();

    private final CountDownLatch release = new CountDownLatch(1);

    private final AtomicInteger handled = new AtomicInteger();

    private final List<SpecV1Connection> connections = new ArrayList<>();

    private FalcoServer server;

    @AfterEach
    void close() throws IOException {
        this.release.countDown();
        for (SpecV1Connection connection : this.connections) {
            connection.close();
        }
        if (this.server != null) {
            this.server.stop();
        }
    }

    @Test
    void stopUnderLoadAnswersEveryRequestItReadAndEndsEveryConnectionWithoutAReset() throws Exception {
        CountDownLatch started = new CountDownLatch(CONNECTIONS);
        this.server = TestServers.start(this.key, (builder) -> builder.handlerThreads(CONNECTIONS)
            .shutdownGracePeriod(Duration.ofSeconds(20)).handler((request, context) -> {
                started.countDown();
                this.release.await(20, TimeUnit.SECONDS);
                this.handled.incrementAndGet();
                return request;
            }));
        for (int i = 0; i < CONNECTIONS; i++) {
            SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.key);
            this.connections.add(connection);
            connection.send(bytes("first " + i));
        }
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        stopping();
        // these requests arrive after every connection learned of the stop: they must never be processed
        for (SpecV1Connection connection : this.connections) {
            connection.send(bytes("after the stop"));
        }
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.server::stop);
        this.release.countDown();
        for (int i = 0; i < CONNECTIONS; i++) {
            SpecV1Connection connection = this.connections.get(i);
            assertThat(connection.readResponse()).isEqualTo(bytes("first " + i));
            // then end-of-stream, without an answer for the request sent after the stop; a reset would throw
            assertThat(connection.endsCleanly(Duration.ofSeconds(10))).as("connection %d ends cleanly", i).isTrue();
        }
        stopped.get(30, TimeUnit.SECONDS);
        assertThat(this.handled.get()).isEqualTo(CONNECTIONS);
    }

    @Test
    void clientReportsRequestsTheStoppingServerDidNotProcessAsSafeToRetry() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        this.server = TestServers.start(this.key, (builder) -> builder.shutdownGracePeriod(Duration.ofSeconds(20))
            .handler((request, context) -> {
                if (new String(request).equals("slow")) {
                    started.countDown();
                    this.release.await(20, TimeUnit.SECONDS);
                }
                this.handled.incrementAndGet();
                return request;
            }));
        // plain v1: a session-mode client would have been told the server goes away (GoingAwayTests)
        try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(this.server.port())
                .key(FalcoKey.of(this.key)).mode(ClientMode.V1).build()) {
            assertThat(client.request(bytes("warm"))).isEqualTo(bytes("warm"));
            CompletableFuture<byte[]> slow = client.requestAsync(bytes("slow"));
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
            stopping();
            CompletableFuture<byte[]> late = client.requestAsync(bytes("late"));
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.server::stop);
            this.release.countDown();
            assertThat(slow.get(20, TimeUnit.SECONDS)).isEqualTo(bytes("slow"));
            assertThat(late).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(FalcoRequestNotProcessedException.class);
            stopped.get(30, TimeUnit.SECONDS);
        }
        // the late request reached the server after the stop began and was discarded, never handled
        assertThat(this.handled.get()).isEqualTo(2);
    }

    @Test
    void aConnectionAcceptedJustBeforeTheStopIsToldToo() throws Exception {
        CountDownLatch loopHeld = new CountDownLatch(1);
        this.server = TestServers.start(this.key, (builder) -> builder.eventLoopThreads(1)
            .handshakeTimeout(Duration.ofSeconds(60)).shutdownGracePeriod(Duration.ofSeconds(30))
            .handler(new RequestHandler() {

                @Override
                public boolean blocks(byte[] request, RequestContext context) {
                    return false;
                }

                @Override
                public byte[] handle(byte[] request, RequestContext context) throws Exception {
                    // holds the server's only I/O loop
                    loopHeld.countDown();
                    GracefulStopTests.this.release.await(20, TimeUnit.SECONDS);
                    return request;
                }

            }));
        SpecV1Connection holding = SpecV1Connection.open(this.server.port(), this.key);
        this.connections.add(holding);
        holding.send(bytes("hold"));
        assertThat(loopHeld.await(20, TimeUnit.SECONDS)).isTrue();
        // accepted, but registered (and entered in the server's connections) only once the I/O loop is free again
        try (Socket late = new Socket()) {
            late.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 10_000);
            // a short window for the accept loop to take it: missing it can only let a fault pass
            Thread.sleep(200);
            int port = this.server.port();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.server::stop);
            Await.until("the listening socket closed", () -> refuses(port));
            this.release.countDown();
            assertThat(holding.readResponse()).isEqualTo(bytes("hold"));
            assertThat(holding.endsCleanly(Duration.ofSeconds(10))).isTrue();
            // told that the server stops like every other connection, not left open for the 30 s grace period
            late.setSoTimeout(10_000);
            assertThat(late.getInputStream().read()).isEqualTo(-1);
            stopped.get(30, TimeUnit.SECONDS);
        }
    }

    private static boolean refuses(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        }
        catch (IOException ex) {
            return true;
        }
    }

    /**
     * Tells every connection that the server stops, as {@link FalcoServer#stop()} does first, and waits until each has
     * taken it in: its event loop ran the event before the empty task queued behind it.
     */
    private void stopping() {
        for (io.netty.channel.Channel connection : this.server.connections()) {
            connection.pipeline().fireUserEventTriggered(ServerStopping.INSTANCE);
            connection.eventLoop().submit(() -> {
            }).syncUninterruptibly();
        }
    }

}
