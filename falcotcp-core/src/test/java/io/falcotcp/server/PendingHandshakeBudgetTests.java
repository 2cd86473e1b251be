package io.falcotcp.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-authentication budget over real sockets: floods of silent connections from one address evict each other,
 * never a client from another address; a client that opens a large pool at once is served without a refusal.
 */
class PendingHandshakeBudgetTests {

    private final FalcoKey key = FalcoKey.generate();

    private final List<Socket> sockets = new ArrayList<>();

    private FalcoServer server;

    @AfterEach
    void close() throws IOException {
        for (Socket socket : this.sockets) {
            socket.close();
        }
        if (this.server != null) {
            this.server.stop();
        }
    }

    @Test
    void silentFloodFromOneAddressDoesNotStopAClientFromAnother() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder.maxConnections(2000)
            .handshakeTimeout(Duration.ofSeconds(30)));
        for (int i = 0; i < 3000; i++) {
            this.sockets.add(silentConnection("127.0.0.2", this.server.port()));
        }
        // the flood evicted its own oldest connections (3000 > the per-address budget of 1024)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (this.server.stats().evictedHandshakes() < 3000 - 1024 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(this.server.stats().evictedHandshakes()).isGreaterThanOrEqualTo(3000 - 1024);
        assertThat(this.server.stats().pendingHandshakes()).isLessThanOrEqualTo(1024);
        try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(this.server.port())
                .key(this.key).connectTimeout(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(10))
                .connectOnBuild(false).build()) {
            // a client held up by the flood would wait for the handshake timeout of 30 s; 10 s leave a loaded
            // machine room and still tell the two apart
            long start = System.nanoTime();
            assertThat(client.request("hello".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("hello");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
        assertThat(this.server.stats().rejectedConnections()).isZero();
    }

    @Test
    void silentConnectionsAtTheConnectionLimitMakeRoomForANewClient() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder.maxConnections(50)
            .handshakeTimeout(Duration.ofSeconds(30)));
        for (int i = 0; i < 50; i++) {
            this.sockets.add(silentConnection("127.0.0.3", this.server.port()));
        }
        try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(this.server.port())
                .key(this.key).connectTimeout(Duration.ofSeconds(10)).build()) {
            assertThat(client.request("room".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("room");
        }
        assertThat(this.server.stats().evictedHandshakes()).isGreaterThanOrEqualTo(1);
        assertThat(this.server.stats().rejectedConnections()).isZero();
    }

    @Test
    void poolOfAThousandConnectionsFromOneAddressIsServedWithoutARefusal() throws Exception {
        // on a busy machine the key confirmations of a thousand handshakes can wait longer than the default 3 s
        this.server = TestServers.startEcho(this.key.toByteArray(),
                (builder) -> builder.handshakeTimeout(Duration.ofSeconds(30)));
        try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(this.server.port())
                .key(this.key).poolSize(1000).connectTimeout(Duration.ofSeconds(20)).eventLoopThreads(2)
                .build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.authenticatedConnections() < 1000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.authenticatedConnections()).isEqualTo(1000);
            assertThat(client.stats().connectionFailures()).as("connection failures, the last: %s, server: %d "
                    + "authentication failures, %d evicted", client.lastFailure(),
                    this.server.stats().authenticationFailures(), this.server.stats().evictedHandshakes()).isZero();
        }
        assertThat(this.server.stats().evictedHandshakes()).isZero();
        assertThat(this.server.stats().rejectedConnections()).isZero();
        assertThat(this.server.stats().authenticationFailures()).isZero();
    }

    private static Socket silentConnection(String sourceAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(sourceAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return socket;
    }

}
