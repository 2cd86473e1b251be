package io.falcotcp.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.falcotcp.transport.TransportKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips against the server from {@link SpecV1Connection}, a v1 client written from the protocol document
 * with a plain socket and the JDK's AES-GCM (no project codec or cipher involved).
 */
class IndependentV1ClientTests {

    private final byte[] key = SpecV1Connection.randomBytes(32);

    private FalcoServer server;

    /** The transport under test; subclasses run the same round trips on another one. */
    TransportKind transport() {
        return TransportKind.AUTO;
    }

    @BeforeEach
    void startServer() {
        this.server = TestServers.startEcho(this.key, (builder) -> builder.transport(transport()));
    }

    FalcoServer startedServer() {
        return this.server;
    }

    @AfterEach
    void stopServer() {
        this.server.stop();
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 64, 64 * 1024, 8 * 1024 * 1024 })
    void payloadMakesTheRoundTrip(int size) throws Exception {
        byte[] payload = SpecV1Connection.randomBytes(size);
        try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.key)) {
            assertThat(connection.request(payload)).isEqualTo(payload);
            assertThat(connection.request(payload)).isEqualTo(payload);
        }
    }

    @Test
    void thousandPipelinedRequestsComeBackInOrder() throws Exception {
        int count = 1000;
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.key)) {
            Future<?> written = writer.submit(() -> {
                for (int i = 0; i < count; i++) {
                    connection.send(("request " + i).getBytes(StandardCharsets.UTF_8));
                }
                return null;
            });
            for (int i = 0; i < count; i++) {
                assertThat(new String(connection.readResponse(), StandardCharsets.UTF_8)).isEqualTo("request " + i);
            }
            written.get(10, TimeUnit.SECONDS);
        }
        finally {
            writer.shutdownNow();
        }
        assertThat(this.server.stats().requests()).isEqualTo(count);
    }

    @Test
    void twoHundredConcurrentConnectionsAreServed() throws Exception {
        int connections = 200;
        int requestsPerConnection = 5;
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int id = c;
                results.add(clients.submit(() -> {
                    int answered = 0;
                    try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.key)) {
                        for (int r = 0; r < requestsPerConnection; r++) {
                            byte[] payload = ("client " + id + " request " + r).getBytes(StandardCharsets.UTF_8);
                            assertThat(connection.request(payload)).isEqualTo(payload);
                            answered++;
                        }
                    }
                    return answered;
                }));
            }
            int answered = 0;
            for (Future<Integer> result : results) {
                answered += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(answered).isEqualTo(connections * requestsPerConnection);
        }
        finally {
            clients.shutdownNow();
        }
        assertThat(this.server.stats().acceptedConnections()).isEqualTo(connections);
        assertThat(this.server.stats().authenticationFailures()).isZero();
    }

}
