package io.falcotcp.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.falcotcp.client.FalcoAuthenticationException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.testsupport.Await;
import io.falcotcp.testsupport.SteadyLoad;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A key rotation of a running server and client pair, in the order docs/security.md gives, under steady load: the
 * server accepts the new key beside the old, the client switches, the server drops the old key. The client's session
 * connections are replaced every 1.5 s (a session key lifetime of 2 s), so each step meets new handshakes.
 */
class KeyRotationTests {

    private static final Duration GENERATIONS_WAIT = Duration.ofSeconds(30);

    @Test
    void aRunningServerAndClientRotateTheirKeyWithoutAFailedRequest() throws Exception {
        FalcoKey oldKey = FalcoKey.generate();
        FalcoKey newKey = FalcoKey.generate();
        try (FalcoServer server = FalcoServer.builder().key(oldKey).host("127.0.0.1").port(0)
                .handler((request, context) -> request).sessionKeyLifetime(Duration.ofSeconds(2))
                .shutdownGracePeriod(Duration.ofSeconds(2)).build()) {
            server.start();
            try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port()).key(oldKey)
                    .poolSize(2).build()) {
                SteadyLoad load = SteadyLoad.start(client::request);
                awaitNewConnections(client, 2);

                server.replaceKeys(List.of(oldKey, newKey));
                client.replaceKey(newKey);
                awaitNewConnections(client, 4);
                server.replaceKeys(List.of(newKey));
                awaitNewConnections(client, 4);

                load.stop();
                assertThat(load.failures()).as("failed requests").isEmpty();
                assertThat(load.succeeded()).isPositive();
                assertThat(client.stats().authenticationFailures()).isZero();
                assertThat(client.stats().keyReplacements()).isEqualTo(1);
                assertThat(server.stats().keyReplacements()).isEqualTo(2);
            }
            try (FalcoTcpClient stale = FalcoTcpClient.builder().host("127.0.0.1").port(server.port()).key(oldKey)
                    .connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(5)).build()) {
                assertThatThrownBy(() -> stale.request(bytes("old key")))
                    .isInstanceOf(FalcoAuthenticationException.class);
            }
        }
    }

    /** Waits until the client has established {@code count} more connections than it had on entry. */
    private static void awaitNewConnections(FalcoTcpClient client, int count) throws InterruptedException {
        long target = client.stats().connectionsEstablished() + count;
        Await.until(count + " new connections", GENERATIONS_WAIT,
                () -> client.stats().connectionsEstablished() >= target);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
