package io.falcotcp.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.Metadata;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.testsupport.SpecSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Per-call request metadata from {@link FalcoTcpClient} over real sockets: to this project's server (alone, with
 * segments and with compression), to {@link SpecSessionServer} written from the document (with and without the
 * metadata feature) and to a plain v1 server.
 */
class SessionMetadataClientTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final FalcoKey key = FalcoKey.generate();

    private final List<AutoCloseable> resources = new ArrayList<>();

    private final Queue<Map<String, String>> seen = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
    }

    @Test
    void handlerSeesRequiredAndPropagatedEntriesAndRequestsWithoutMetadataStayEmpty() {
        FalcoTcpClient client = client(server((builder) -> { }).port(), (builder) -> { });
        Metadata metadata = Metadata.builder().put("tenant", "acme").propagate("traceparent", "00-abc-def-01").build();
        assertThat(client.request("orders", bytes("one"), TIMEOUT, metadata)).isEqualTo(bytes("one"));
        assertThat(client.request("orders", bytes("two"))).isEqualTo(bytes("two"));
        assertThat(this.seen).containsExactly(Map.of("tenant", "acme", "traceparent", "00-abc-def-01"), Map.of());
    }

    @Test
    void metadataTravelsWithABodyInSegmentsAndWithACompressedBody() {
        FalcoServer server = server((builder) -> builder.compression(true));
        FalcoTcpClient segmented = client(server.port(), (builder) -> { });
        FalcoTcpClient compressing = client(server.port(), (builder) -> builder.compression(true)
            .compressionThreshold(256));
        byte[] large = SpecSession.randomBytes(300_000);
        byte[] compressible = bytes("all work and no play ".repeat(2000));
        assertThat(segmented.request("big", large, TIMEOUT, Metadata.of("part", "segments"))).isEqualTo(large);
        assertThat(compressing.request("small", compressible, TIMEOUT, Metadata.of("part", "lz4")))
            .isEqualTo(compressible);
        assertThat(this.seen).containsExactly(Map.of("part", "segments"), Map.of("part", "lz4"));
        assertThat(server.stats().bytesReceived()).as("the compressed body was sent compressed")
            .isLessThan(large.length + compressible.length / 4);
    }

    @Test
    void blockTheClientWritesReadsAsTheDocumentLaysItOut() throws Exception {
        SpecSessionServer server = track(SpecSessionServer.withMetadata(this.key.toByteArray()).start());
        FalcoTcpClient client = client(server.port(), (builder) -> { });
        Metadata metadata = Metadata.builder().put("tenant", "acme").put("note", "grüße").build();
        assertThat(client.request("r", bytes("x"), TIMEOUT, metadata)).isEqualTo(bytes("x"));
        assertThat(server.metadata()).containsExactly(Map.of("tenant", "acme", "note", "grüße"));
        byte[] request = lastRequest(server);
        assertThat(request[5] & 0xFF).as("flags").isEqualTo(SpecSession.METADATA);
        assertThat(ByteBuffer.wrap(request, 8, request.length - 8).get() & 0xFF).as("count").isEqualTo(2);
    }

    @Test
    void requiredMetadataFailsOnASessionServerThatDidNotAcceptTheFeatureWithoutBeingSent() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.key.toByteArray()).start());
        FalcoTcpClient client = client(server.port(), (builder) -> { });
        assertThatThrownBy(() -> client.request("r", bytes("secret"), TIMEOUT, Metadata.of("token", "t0k3n")))
            .isInstanceOf(FalcoUnsupportedFeatureException.class)
            .hasMessageContaining("did not accept the metadata feature")
            .hasMessageContaining("token")
            .hasMessageNotContaining("t0k3n");
        assertThat(server.received()).noneMatch((plaintext) -> plaintext[0] == SpecSession.KIND_REQUEST);
        assertThat(client.request("r", bytes("plain"))).isEqualTo(bytes("plain"));
    }

    @Test
    void propagatedMetadataIsLeftOutWhereItCannotTravelAndTheRequestGoesAhead() throws Exception {
        SpecSessionServer server = track(new SpecSessionServer(this.key.toByteArray()).start());
        FalcoTcpClient client = client(server.port(), (builder) -> { });
        Metadata trace = Metadata.builder().propagate("traceparent", "00-abc-def-01").build();
        assertThat(client.request("r", bytes("x"), TIMEOUT, trace)).isEqualTo(bytes("x"));
        assertThat(lastRequest(server)[5] & 0xFF).as("flags").isZero();
        assertThat(server.metadata()).isEmpty();
    }

    @Test
    void plainV1ConnectionRefusesRequiredMetadataAndLeavesOutPropagatedMetadata() throws Exception {
        V1TestServer server = track(new V1TestServer(this.key.toByteArray()).start());
        FalcoTcpClient client = client(server.port(), (builder) -> builder.mode(ClientMode.V1));
        assertThatThrownBy(() -> client.request(null, bytes("x"), TIMEOUT, Metadata.of("tenant", "acme")))
            .isInstanceOf(FalcoUnsupportedFeatureException.class)
            .hasMessageContaining("plain FalcoTCP v1, which has no metadata");
        assertThat(client.request(null, bytes("y"), TIMEOUT,
                Metadata.builder().propagate("traceparent", "00-abc-def-01").build())).isEqualTo(bytes("y"));
        assertThat(server.requests()).isEqualTo(1);
    }

    private static byte[] lastRequest(SpecSessionServer server) {
        return server.received().stream().filter((plaintext) -> plaintext[0] == SpecSession.KIND_REQUEST)
            .reduce((first, second) -> second).orElseThrow();
    }

    private FalcoServer server(Consumer<FalcoServer.Builder> customizer) {
        FalcoServer.Builder builder = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0)
            .eventLoopThreads(2).handlerThreads(2).shutdownGracePeriod(Duration.ofSeconds(1))
            .handler((request, context) -> {
                this.seen.add(context.metadata().asMap());
                return request;
            });
        customizer.accept(builder);
        FalcoServer server = builder.build();
        server.start();
        return track(server);
    }

    private FalcoTcpClient client(int port, Consumer<FalcoTcpClient.Builder> customizer) {
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().host("127.0.0.1").port(port).key(this.key)
            .requestTimeout(TIMEOUT);
        customizer.accept(builder);
        return track(builder.build());
    }

    private <T extends AutoCloseable> T track(T resource) {
        this.resources.add(resource);
        return resource;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
