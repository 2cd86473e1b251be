package io.falcotcp.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client whose port is asked of a server of the same JVM at each connection attempt: built before the server
 * binds port 0, it connects once the server listens.
 */
class SuppliedPortTests {

    @Test
    void aClientBuiltBeforeItsServerListensOnPortZeroReachesItOnceItDoes() throws InterruptedException {
        FalcoKey key = FalcoKey.generate();
        FalcoServer server = FalcoServer.builder().key(key).host("127.0.0.1").port(0).cryptoWarmUp(false)
            .handler((request, context) -> request).build();
        try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server::port).key(key)
            .cryptoWarmUp(false).reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100)).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.lastFailure() == null && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertThat(client.lastFailure()).isInstanceOf(FalcoConnectionException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:?");
            server.start();
            // a request made while an attempt fails would fail with it: wait for the connection first
            while (client.authenticatedConnections() == 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertThat(client.request("late".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("late");
            assertThat(client.stats().connectionFailures()).isPositive();
        }
        finally {
            server.stop();
        }
    }

}
