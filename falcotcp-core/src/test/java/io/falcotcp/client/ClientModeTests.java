package io.falcotcp.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three {@link ClientMode}s over real sockets: against an attacker without the key who answers every auth
 * frame with the v1 ack {@code 0xFF}, against {@link V1TestServer} (a plain v1 server written from the spec) and
 * against this project's server.
 */
class ClientModeTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FalcoKey key = FalcoKey.generate();

    private final List<AutoCloseable> resources = new ArrayList<>();

    private final Queue<ILoggingEvent> warnings = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void captureWarnings() {
        Logger logger = (Logger) LoggerFactory.getLogger(ConnectionPool.class);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel() == Level.WARN) {
                    ClientModeTests.this.warnings.add(event);
                }
            }
        };
        appender.start();
        logger.addAppender(appender);
        track(() -> logger.detachAppender(appender));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
    }

    @Test
    void defaultClientRefusesAnAttackerAnsweringPlainV1AndWritesItNoRequestFrame() throws IOException {
        StrippingAttacker attacker = track(new StrippingAttacker().start());
        FalcoTcpClient client = client(attacker.port(), (builder) -> builder
            .reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertThat(client.mode()).isEqualTo(ClientMode.SESSION);
        // the request waits for the first connection, whose failure it gets instead of running into its timeout
        assertThatThrownBy(() -> client.request(bytes("secret order")))
            .isInstanceOf(FalcoDowngradeException.class)
            .hasMessageContaining("127.0.0.1:" + attacker.port())
            .hasMessageContaining("answered the session hello as plain FalcoTCP v1")
            .hasMessageContaining("no request was sent")
            .hasMessageContaining("falco.client.mode")
            .hasMessageContaining("ClientMode.AUTO or V1");
        awaitCondition(() -> attacker.connectionsEnded() >= 1);
        assertThat(attacker.bytesAfterAuthFrame()).isZero();
        assertThat(client.lastFailure()).isInstanceOf(FalcoDowngradeException.class);
        assertThat(client.authenticatedConnections()).isZero();
        assertThat(client.stats().connectionFailures()).isPositive();
        assertThat(client.stats().connectionsEstablished()).isZero();
        assertThat(client.stats().downgrades()).isZero();
    }

    @Test
    void defaultClientRefusesAPlainV1ServerTooAndSendsItNothingButTheHello() throws IOException {
        V1TestServer server = track(new V1TestServer(this.key.toByteArray()).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder
            .reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertThatThrownBy(() -> client.request(bytes("x"))).isInstanceOf(FalcoDowngradeException.class);
        awaitCondition(() -> server.closedByClient() >= 1);
        assertThat(server.sessionHellos()).isPositive();
        assertThat(server.requests()).isZero();
        assertThat(server.pings()).isZero();
    }

    @Test
    void autoFallsBackToPlainV1WithAWarningAndACountPerConnectionAndRoutesFailClearly() throws IOException {
        V1TestServer server = track(new V1TestServer(this.key.toByteArray()).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.mode(ClientMode.AUTO).poolSize(2));
        assertThat(client.request(bytes("plain"))).isEqualTo(bytes("plain"));
        awaitCondition(() -> client.authenticatedConnections() == 2);
        assertThat(client.v1Connections()).isEqualTo(2);
        assertThat(client.sessionConnections()).isZero();
        assertThat(client.stats().downgrades()).isEqualTo(2);
        assertThat(server.sessionHellos()).isEqualTo(2);
        assertThat(this.warnings).hasSize(2).allSatisfy((event) -> assertThat(event.getFormattedMessage())
            .contains("127.0.0.1:" + server.port())
            .contains("answered the session hello as plain FalcoTCP v1")
            .contains("no forward secrecy and no replay protection"));
        assertThatThrownBy(() -> client.request("orders.create", bytes("x")))
            .isInstanceOf(FalcoUnsupportedFeatureException.class)
            .hasMessageContaining("127.0.0.1:" + server.port())
            .hasMessageContaining("speaks plain FalcoTCP v1; routes need the session mode");
        assertThat(client.request(bytes("still usable"))).isEqualTo(bytes("still usable"));
    }

    @Test
    void autoNegotiatesTheSessionModeWithThisProjectsServerWithoutAWarning() {
        FalcoServer server = server();
        FalcoTcpClient client = client(server.port(), (builder) -> builder.mode(ClientMode.AUTO));
        assertThat(client.request("orders.create", bytes("routed"))).isEqualTo(bytes("routed"));
        assertThat(client.sessionConnections()).isEqualTo(1);
        assertThat(client.v1Connections()).isZero();
        assertThat(client.stats().downgrades()).isZero();
        assertThat(this.warnings).isEmpty();
    }

    @Test
    void v1SpeaksPlainV1ToAPlainV1ServerWithoutAHelloOrAWarning() throws IOException {
        V1TestServer server = track(new V1TestServer(this.key.toByteArray()).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.mode(ClientMode.V1));
        assertThat(client.request(bytes("plain"))).isEqualTo(bytes("plain"));
        assertThat(server.authenticated()).isEqualTo(1);
        assertThat(server.sessionHellos()).isZero();
        assertThat(client.v1Connections()).isEqualTo(1);
        assertThat(client.stats().downgrades()).isZero();
        assertThat(this.warnings).isEmpty();
    }

    @Test
    void v1SpeaksPlainV1ToThisProjectsServer() {
        FalcoServer server = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0)
            .shutdownGracePeriod(Duration.ofSeconds(1))
            .handler((request, context) -> bytes(String.valueOf(context.sessionMode()))).build();
        server.start();
        track(server);
        FalcoTcpClient client = client(server.port(), (builder) -> builder.mode(ClientMode.V1));
        assertThat(text(client.request(bytes("x")))).isEqualTo("false");
        assertThat(client.v1Connections()).isEqualTo(1);
        assertThat(client.sessionConnections()).isZero();
    }

    private FalcoServer server() {
        FalcoServer server = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0)
            .shutdownGracePeriod(Duration.ofSeconds(1)).handler((request, context) -> request).build();
        server.start();
        return track(server);
    }

    private FalcoTcpClient client(int port, Consumer<FalcoTcpClient.Builder> customizer) {
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().host("127.0.0.1").port(port).key(this.key)
            .requestTimeout(Duration.ofSeconds(20));
        customizer.accept(builder);
        return track(builder.build());
    }

    private <T extends AutoCloseable> T track(T resource) {
        this.resources.add(resource);
        return resource;
    }

    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition not met within %s", WAIT).isNegative();
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * An active attacker without the key: it cannot open the auth frame, but answers every one with the v1 ack
     * {@code 0xFF}, then counts every byte the client writes after the auth frame until the client closes.
     */
    private static final class StrippingAttacker implements AutoCloseable {

        private final ServerSocket serverSocket;

        private final AtomicLong bytesAfterAuthFrame = new AtomicLong();

        private final AtomicInteger connectionsEnded = new AtomicInteger();

        StrippingAttacker() throws IOException {
            this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }

        StrippingAttacker start() {
            Thread acceptor = new Thread(this::acceptLoop, "stripping-attacker");
            acceptor.setDaemon(true);
            acceptor.start();
            return this;
        }

        int port() {
            return this.serverSocket.getLocalPort();
        }

        long bytesAfterAuthFrame() {
            return this.bytesAfterAuthFrame.get();
        }

        int connectionsEnded() {
            return this.connectionsEnded.get();
        }

        private void acceptLoop() {
            while (!this.serverSocket.isClosed()) {
                try (Socket victim = this.serverSocket.accept()) {
                    victim.setSoTimeout((int) WAIT.toMillis());
                    InputStream in = victim.getInputStream();
                    in.readNBytes(157);
                    victim.getOutputStream().write(0xFF);
                    victim.getOutputStream().flush();
                    while (in.read() >= 0) {
                        this.bytesAfterAuthFrame.incrementAndGet();
                    }
                }
                catch (IOException ex) {
                    // closed: the test is over, or the victim reset the connection
                }
                finally {
                    this.connectionsEnded.incrementAndGet();
                }
            }
        }

        @Override
        public void close() throws IOException {
            this.serverSocket.close();
        }

    }

}
