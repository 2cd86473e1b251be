package io.falcotcp.server;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.testsupport.V02Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The FalcoTCP 0.2 port of the server, driven by {@link V02Wire}, a 0.2 peer written in the test from the format's
 * description.
 */
class V02ServerTests {

    private final byte[] key = SpecV1Connection.randomBytes(32);

    private FalcoServer server;

    private FalcoServer start(Consumer<FalcoServer.Builder> customizer) {
        this.server = TestServers.startEcho(this.key, (builder) -> {
            builder.v02Port(0).cryptoWarmUp(false);
            customizer.accept(builder);
        });
        return this.server;
    }

    @AfterEach
    void stopServer() {
        if (this.server != null) {
            this.server.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { V02Wire.NONE, V02Wire.LZMA, V02Wire.GZIP, V02Wire.LZ4, V02Wire.ZSTD })
    void answersEachCompressionWithTheSameCompression(int code) throws Exception {
        start((builder) -> { });
        byte[] message = ("a compressible message " + "abc".repeat(2000)).getBytes(StandardCharsets.UTF_8);
        try (V02Wire wire = V02Wire.open(this.server.v02Port(), this.key)) {
            for (int i = 0; i < 3; i++) {
                wire.send(message, code);
                V02Wire.Frame answer = wire.readMessage();
                assertThat(answer.code()).isEqualTo(code);
                assertThat(answer.payload()).isEqualTo(message);
            }
        }
    }

    @Test
    void answersLargeAndEmptyMessages() throws Exception {
        start((builder) -> { });
        byte[] large = SpecV1Connection.randomBytes(1024 * 1024);
        try (V02Wire wire = V02Wire.open(this.server.v02Port(), this.key)) {
            wire.send(large, V02Wire.NONE);
            assertThat(wire.readMessage().payload()).isEqualTo(large);
            wire.send(new byte[0], V02Wire.GZIP);
            assertThat(wire.readMessage().payload()).isEmpty();
        }
    }

    @Test
    void servesV1AndTheSessionModeOnItsOwnPortAtTheSameTime() throws Exception {
        start((builder) -> { });
        assertThat(this.server.v02Port()).isNotEqualTo(this.server.port());
        try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(this.server.port())
                .key(FalcoKey.of(this.key)).mode(ClientMode.SESSION).cryptoWarmUp(false).build();
                V02Wire wire = V02Wire.open(this.server.v02Port(), this.key)) {
            assertThat(client.request("session".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("session");
            wire.send("0.2".getBytes(StandardCharsets.UTF_8), V02Wire.LZ4);
            assertThat(wire.readMessage().payload()).asString().isEqualTo("0.2");
        }
    }

    @Test
    void answersAPayloadThatDoesNotOpenWithTheEmptyFrameAndKeepsTheConnection() throws Exception {
        start((builder) -> { });
        try (V02Wire wire = V02Wire.open(this.server.v02Port(), this.key)) {
            wire.send("first".getBytes(StandardCharsets.UTF_8), V02Wire.NONE);
            assertThat(wire.readMessage().payload()).asString().isEqualTo("first");
            byte[] tampered = wire.seal("x".getBytes(StandardCharsets.UTF_8));
            tampered[tampered.length - 1] ^= 1;
            wire.sendFrame(tampered, V02Wire.NONE);
            V02Wire.Frame empty = wire.readFrame();
            assertThat(empty.payload()).isEmpty();
            assertThat(empty.code()).isZero();
            wire.send("after".getBytes(StandardCharsets.UTF_8), V02Wire.NONE);
            assertThat(wire.readMessage().payload()).asString().isEqualTo("after");
        }
        assertThat(this.server.stats().decryptFailures()).isEqualTo(1);
    }

    @Test
    void answersAHandlerFailureWithTheEmptyFrame() throws Exception {
        start((builder) -> { });
        try (V02Wire wire = V02Wire.open(this.server.v02Port(), this.key)) {
            wire.send("boom".getBytes(StandardCharsets.UTF_8), V02Wire.NONE);
            assertThat(wire.readFrame().payload()).isEmpty();
        }
    }

    @Test
    void closesAConnectionThatAnnouncesMoreThanTheMaxFrameSizeBeforeReadingIt() throws Exception {
        start((builder) -> builder.maxFrameSize(1024));
        try (V02Wire wire = V02Wire.open(this.server.v02Port(), this.key)) {
            wire.send("ok".getBytes(StandardCharsets.UTF_8), V02Wire.NONE);
            assertThat(wire.readMessage().payload()).asString().isEqualTo("ok");
            wire.sendHeader(Long.MAX_VALUE, V02Wire.NONE);
            assertThat(wire.closedByServer()).isTrue();
        }
        assertThat(this.server.stats().oversizedFrames()).isEqualTo(1);
    }

    @Test
    void closesAConnectionThatNamesAnUnknownCompression() throws Exception {
        start((builder) -> { });
        try (V02Wire wire = V02Wire.open(this.server.v02Port(), this.key)) {
            wire.sendFrame(wire.seal(new byte[] { 1 }), 5);
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void answersAMessageThatDecompressesBeyondTheLimitWithTheEmptyFrame() throws Exception {
        // payloads that do not decompress do not prove the key: on busy cores four bombs of 1 MiB took longer
        // than the default 3 s handshake timeout, which then closed the connection
        start((builder) -> builder.maxDecompressedBody(64 * 1024).handshakeTimeout(Duration.ofSeconds(30)));
        byte[] bomb = new byte[1024 * 1024];
        try (V02Wire wire = V02Wire.open(this.server.v02Port(), this.key)) {
            for (int code : new int[] { V02Wire.LZMA, V02Wire.GZIP, V02Wire.LZ4, V02Wire.ZSTD }) {
                wire.send(bomb, code);
                assertThat(wire.readFrame().payload()).as("code " + code).isEmpty();
            }
            byte[] fits = Arrays.copyOf(bomb, 64 * 1024);
            wire.send(fits, V02Wire.GZIP);
            assertThat(wire.readMessage().payload()).isEqualTo(fits);
        }
    }

    @Test
    void closesAConnectionThatSendsNothingThatOpensWithinTheHandshakeTimeout() throws Exception {
        start((builder) -> builder.handshakeTimeout(Duration.ofMillis(300)));
        // taken before the connection exists, the start is no later than the server's: the lower bound is exact
        long start = System.nanoTime();
        try (V02Wire wire = V02Wire.open(this.server.v02Port(), this.key)) {
            assertThat(wire.closedByServer()).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300),
                Duration.ofSeconds(20));
    }

    @Test
    void closesAnIdleConnectionAfterTheIdleTimeout() throws Exception {
        start((builder) -> builder.v02IdleTimeout(Duration.ofMillis(500)).handshakeTimeout(Duration.ofSeconds(30)));
        try (V02Wire wire = V02Wire.open(this.server.v02Port(), this.key)) {
            // taken before the message is sent, the start is no later than the server's last activity
            long idleSince = System.nanoTime();
            wire.send("hello".getBytes(StandardCharsets.UTF_8), V02Wire.NONE);
            assertThat(wire.readMessage().payload()).asString().isEqualTo("hello");
            assertThat(wire.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - idleSince)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void failsToStartNamingTheV02PortWhenItIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            FalcoServer blocked = FalcoServer.builder().key(FalcoKey.of(this.key)).host("127.0.0.1").port(0)
                    .v02Port(taken.getLocalPort()).handler(TestServers.ECHO).cryptoWarmUp(false).build();
            assertThatExceptionOfType(FalcoServerStartException.class).isThrownBy(blocked::start)
                    .withMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
            assertThat(blocked.isRunning()).isFalse();
        }
    }

    @Test
    void stopsServingV02WhenTheServerStops() throws Exception {
        start((builder) -> { });
        int port = this.server.v02Port();
        this.server.stop();
        assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> V02Wire.open(port, this.key));
    }

    @Test
    void countsItsConnectionsAgainstTheServersConnectionLimit() throws Exception {
        start((builder) -> builder.maxConnections(1).handshakeTimeout(Duration.ofSeconds(30)));
        try (V02Wire first = V02Wire.open(this.server.v02Port(), this.key)) {
            first.send("in".getBytes(StandardCharsets.UTF_8), V02Wire.NONE);
            assertThat(first.readMessage().payload()).asString().isEqualTo("in");
            try (V02Wire second = V02Wire.open(this.server.v02Port(), this.key)) {
                assertThat(second.closedByServer()).isTrue();
            }
        }
        assertThat(this.server.stats().rejectedConnections()).isEqualTo(1);
    }

}
