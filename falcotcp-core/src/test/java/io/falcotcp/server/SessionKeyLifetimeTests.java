package io.falcotcp.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.SessionMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session keys are used for a bounded time: the server retires a session-mode connection at the key lifetime it
 * announced, after answering what it read, and the project's client replaces its connections before that, so that
 * no request fails because of it.
 */
class SessionKeyLifetimeTests {

    private final FalcoKey key = FalcoKey.generate();

    private FalcoServer server;

    @AfterEach
    void stop() {
        if (this.server != null) {
            this.server.stop();
        }
    }

    @Test
    void serverRetiresASessionConnectionCleanlyAtTheKeyLifetime() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder
            .sessionKeyLifetime(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(30)));
        // taken before the session exists, the start is no later than the server's: the lower bound is exact
        long start = System.nanoTime();
        try (SessionTestConnection connection = SessionTestConnection.open(this.server.port(), this.key)) {
            assertThat(connection.session().keyLifetime()).isEqualTo(Duration.ofSeconds(1));
            connection.write(connection.frame(new SessionMessage.Request(1, null, bytes("before"))));
            assertThat(connection.readResponse().body()).isEqualTo(bytes("before"));
            // no reset, no answer: end-of-stream once the keys are a second old
            assertThat(connection.endsCleanly(Duration.ofSeconds(25))).isTrue();
            // at the key lifetime, well before the 30 s lifetime of an idle connection
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1),
                    Duration.ofSeconds(25));
        }
    }

    @Test
    void clientReplacesItsConnectionsBeforeTheKeyLifetimeAndNoRequestFails() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder
            .sessionKeyLifetime(Duration.ofSeconds(2)));
        try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(this.server.port())
                .key(this.key).poolSize(2).build()) {
            // requests without a pause until two generations followed the first pair (each lives 1.5 s of its 2)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int requests = 0;
            while (client.stats().connectionsEstablished() < 6) {
                assertThat(System.nanoTime() - deadline).as("two generations of connections within 30 s").isNegative();
                byte[] body = bytes("request " + requests++);
                assertThat(client.request(body)).isEqualTo(body);
            }
            assertThat(client.stats().connectionFailures()).isZero();
            assertThat(requests).isPositive();
        }
    }

}
