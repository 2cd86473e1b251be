package io.falcotcp.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.SessionMessage;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An established connection that receives nothing for a while takes its dormant shape, one stage instead of eight,
 * and everything still holds in it: its next request is answered (in the full shape again), its lifetime and its
 * key lifetime end it, the server's stop and the client's half-close end it cleanly.
 */
class DormantConnectionTests {

    private static final List<String> DORMANT = List.of("dormant");

    private static final List<String> FULL_V1 = List.of("traffic", "gate", "decoder", "flow", "lifetime", "codec",
            "dispatcher", "errors");

    private static final List<String> FULL_SESSION = List.of("traffic", "gate", "decoder", "flow", "codec",
            "lifetime", "dispatcher", "errors");

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FalcoKey key = FalcoKey.generate();

    private FalcoServer server;

    @AfterEach
    void stop() {
        if (this.server != null) {
            this.server.stop();
        }
    }

    @Test
    void anIdleV1ConnectionDozesAndAnswersItsNextRequestInItsFullShape() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder
            .timeout(Duration.ofMinutes(1)));
        try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.key.toByteArray())) {
            assertThat(connection.request(bytes("first"))).isEqualTo(bytes("first"));
            Channel channel = onlyConnection();
            assertThat(stages(channel)).isEqualTo(FULL_V1);
            awaitStages(channel, DORMANT);
            assertThat(connection.request(bytes("second"))).isEqualTo(bytes("second"));
            assertThat(stages(channel)).isEqualTo(FULL_V1);
            // a ping alone wakes it too, and it dozes again
            awaitStages(channel, DORMANT);
            connection.ping();
            assertThat(connection.request(bytes("third"))).isEqualTo(bytes("third"));
        }
    }

    @Test
    void anIdleSessionConnectionDozesWithoutItsCiphersAndAnswersItsNextRequest() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder
            .timeout(Duration.ofMinutes(1)));
        try (SessionTestConnection connection = SessionTestConnection.open(this.server.port(), this.key)) {
            connection.write(connection.frame(new SessionMessage.Request(1, null, bytes("first"))));
            assertThat(connection.readResponse().body()).isEqualTo(bytes("first"));
            Channel channel = onlyConnection();
            assertThat(stages(channel)).isEqualTo(FULL_SESSION);
            awaitStages(channel, DORMANT);
            connection.write(connection.frame(SessionMessage.Ping.INSTANCE));
            assertThat(connection.readMessage()).isEqualTo(SessionMessage.Pong.INSTANCE);
            assertThat(stages(channel)).isEqualTo(FULL_SESSION);
            awaitStages(channel, DORMANT);
            connection.write(connection.frame(new SessionMessage.Request(2, null, bytes("second"))));
            SessionMessage.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(2);
            assertThat(response.body()).isEqualTo(bytes("second"));
        }
    }

    @Test
    void aDormantConnectionIsClosedAtItsLifetime() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder
            .timeout(Duration.ofSeconds(5)));
        try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.key.toByteArray())) {
            awaitStages(onlyConnection(), DORMANT);
            long start = System.nanoTime();
            connection.assertClosedWithoutData(WAIT);
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
        }
    }

    @Test
    void aDormantSessionConnectionRetiresCleanlyAtTheKeyLifetime() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder
            .sessionKeyLifetime(Duration.ofSeconds(5)).timeout(Duration.ofMinutes(1)));
        try (SessionTestConnection connection = SessionTestConnection.open(this.server.port(), this.key)) {
            connection.write(connection.frame(SessionMessage.Ping.INSTANCE));
            assertThat(connection.readMessage()).isEqualTo(SessionMessage.Pong.INSTANCE);
            awaitStages(onlyConnection(), DORMANT);
            // no reset, no answer: end-of-stream once the keys are five seconds old
            assertThat(connection.endsCleanly(WAIT)).isTrue();
        }
    }

    @Test
    void stoppingTheServerEndsDormantConnectionsOfBothModesCleanly() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder
            .timeout(Duration.ofMinutes(1))
            .shutdownGracePeriod(Duration.ofSeconds(20)));
        try (SpecV1Connection v1 = SpecV1Connection.open(this.server.port(), this.key.toByteArray());
                SessionTestConnection session = SessionTestConnection.open(this.server.port(), this.key)) {
            session.write(session.frame(SessionMessage.Ping.INSTANCE));
            assertThat(session.readMessage()).isEqualTo(SessionMessage.Pong.INSTANCE);
            List<Channel> channels = List.copyOf(this.server.connections());
            assertThat(channels).hasSize(2);
            for (Channel channel : channels) {
                awaitStages(channel, DORMANT);
            }
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.server::stop);
            // half-closed by the server: end-of-stream, then the server closes once the client does
            assertThat(v1.endsCleanly(WAIT)).isTrue();
            assertThat(session.endsCleanly(WAIT)).isTrue();
            v1.close();
            session.close();
            stopped.get(30, TimeUnit.SECONDS);
        }
        this.server = null;
    }

    @Test
    void aDormantConnectionWhoseClientHalfClosesIsClosed() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder
            .timeout(Duration.ofMinutes(1)));
        try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.key.toByteArray())) {
            Channel channel = onlyConnection();
            awaitStages(channel, DORMANT);
            connection.shutdownOutput();
            assertThat(connection.endsCleanly(WAIT)).isTrue();
            assertThat(channel.closeFuture().await(WAIT.toMillis())).isTrue();
        }
    }

    @Test
    void aDormantConnectionThatSendsAFrameBeyondTheLimitIsClosedAsAnAwakeOneIs() throws Exception {
        this.server = TestServers.startEcho(this.key.toByteArray(), (builder) -> builder
            .timeout(Duration.ofMinutes(1)));
        try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.key.toByteArray())) {
            awaitStages(onlyConnection(), DORMANT);
            connection.write(ByteBuffer.allocate(9).put((byte) 0x01).putLong(Long.MAX_VALUE).array());
            connection.assertClosedWithoutData(WAIT);
        }
        assertThat(this.server.stats().oversizedFrames()).isEqualTo(1);
    }

    private Channel onlyConnection() {
        List<Channel> channels = List.copyOf(this.server.connections());
        assertThat(channels).hasSize(1);
        return channels.get(0);
    }

    /** The names of the connection's stages, read on its event loop. */
    private static List<String> stages(Channel channel) throws Exception {
        return channel.eventLoop().submit(() -> List.copyOf(channel.pipeline().toMap().keySet()))
            .get(10, TimeUnit.SECONDS);
    }

    /** Waits, within {@link #WAIT}, until the connection has the given stages. */
    private static void awaitStages(Channel channel, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> current = stages(channel);
        while (!current.equals(expected) && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            current = stages(channel);
        }
        assertThat(current).isEqualTo(expected);
    }

}
