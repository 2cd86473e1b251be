package io.falcotcp.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.testsupport.SpecSession;
import io.falcotcp.testsupport.SpecSessionConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request metadata (feature bit 2) against {@link SpecSessionConnection}, a client written from the protocol
 * document: negotiation, the handler's view of the block, metadata with segments, and every malformed block
 * closing the connection without an answer.
 */
class SessionMetadataServerTests {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private static final int SEGMENTS = 0b10;

    private static final int METADATA = SpecSession.METADATA;

    private final byte[] psk = SpecSession.randomBytes(32);

    private final Queue<RequestContext> contexts = new ConcurrentLinkedQueue<>();

    private FalcoServer server;

    @BeforeEach
    void start() {
        this.server = TestServers.start(this.psk, (builder) -> builder.handler((request, context) -> {
            this.contexts.add(context);
            return request;
        }));
    }

    @AfterEach
    void stop() {
        this.server.stop();
    }

    private SpecSessionConnection open(int features) throws IOException {
        SpecSessionConnection connection = SpecSessionConnection.open(this.server.port(), this.psk, features);
        connection.pingPong();
        return connection;
    }

    @Test
    void serverAcceptsTheMetadataFeatureAndTheHandlerSeesTheEntriesInOrder() throws Exception {
        try (SpecSessionConnection connection = open(METADATA)) {
            assertThat(connection.acceptedFeatures()).isEqualTo(METADATA);
            connection.send(SpecSession.request(5, METADATA, "orders",
                    SpecSession.metadata("tenant", "acme", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-"
                            + "b7ad6b7169203331-01", "note", "grüße", "empty", ""), bytes("hi")));
            SpecSessionConnection.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(5);
            assertThat(response.status()).isZero();
            assertThat(response.flags()).as("responses carry no metadata").isZero();
            assertThat(response.rest()).isEqualTo(bytes("hi"));
        }
        RequestContext context = this.contexts.poll();
        assertThat(context.route()).isEqualTo("orders");
        assertThat(context.features()).contains(SessionFeature.METADATA);
        assertThat(context.metadata().asMap()).containsExactly(Map.entry("tenant", "acme"),
                Map.entry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                Map.entry("note", "grüße"), Map.entry("empty", ""));
        assertThat(context.metadata().get("tenant")).isEqualTo("acme");
        assertThat(context.metadata().get("missing")).isNull();
    }

    @Test
    void theDocumentsExampleFrameIsAccepted() throws Exception {
        byte[] example = hex("01000000070406" + "6f7264657273" + "0106" + "74656e616e74" + "0004" + "61636d65"
                + "6869");
        try (SpecSessionConnection connection = open(METADATA)) {
            connection.send(example);
            assertThat(connection.readResponse().rest()).isEqualTo(bytes("hi"));
        }
        assertThat(this.contexts.poll().metadata().asMap()).containsExactly(Map.entry("tenant", "acme"));
    }

    @Test
    void requestWithoutMetadataHasAnEmptyViewOnAMetadataConnection() throws Exception {
        try (SpecSessionConnection connection = open(METADATA)) {
            connection.send(SpecSession.request(1, 0, "plain", bytes("x")));
            assertThat(connection.readResponse().rest()).isEqualTo(bytes("x"));
        }
        assertThat(this.contexts.poll().metadata().isEmpty()).isTrue();
    }

    @Test
    void metadataPrecedesTheBodyLengthOfABodyInSegments() throws Exception {
        byte[] body = SpecSession.randomBytes(200_000);
        try (SpecSessionConnection connection = open(SEGMENTS | METADATA)) {
            int first = 60_000;
            connection.send(SpecSession.concat(SpecSession.request(3, SEGMENTS | METADATA, "big",
                    SpecSession.metadata("tenant", "acme"), new byte[0]),
                    ByteBuffer.allocate(4).putInt(body.length).array(), Arrays.copyOf(body, first)));
            for (int offset = first; offset < body.length; offset += 70_000) {
                connection.send(SpecSession.withId(SpecSession.KIND_CLIENT_CONTINUATION, 3,
                        Arrays.copyOfRange(body, offset, Math.min(body.length, offset + 70_000))));
            }
            SpecSessionConnection.Response response = connection.readResponse();
            assertThat(response.id()).isEqualTo(3);
            assertThat(response.status()).isZero();
        }
        RequestContext context = this.contexts.poll();
        assertThat(context.metadata().asMap()).containsExactly(Map.entry("tenant", "acme"));
    }

    @Test
    void peerThatDidNotRequestTheFeatureIsNotGrantedItAndItsRequestsWork() throws Exception {
        try (SpecSessionConnection connection = open(SEGMENTS)) {
            assertThat(connection.acceptedFeatures()).isEqualTo(SEGMENTS);
            connection.send(SpecSession.request(1, 0, "old", bytes("peer")));
            assertThat(connection.readResponse().rest()).isEqualTo(bytes("peer"));
        }
        RequestContext context = this.contexts.poll();
        assertThat(context.features()).doesNotContain(SessionFeature.METADATA);
        assertThat(context.metadata().isEmpty()).isTrue();
    }

    @Test
    void metadataFlagOnAConnectionThatDidNotNegotiateItClosesWithoutAnswer() throws Exception {
        try (SpecSessionConnection connection = open(0)) {
            connection.send(SpecSession.request(1, METADATA, "r", SpecSession.metadata("tenant", "acme"),
                    bytes("x")));
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        assertThat(this.contexts).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBlocks")
    void malformedMetadataBlockClosesTheConnectionWithoutAnswer(String description, byte[] block) throws Exception {
        try (SpecSessionConnection connection = open(METADATA)) {
            connection.send(SpecSession.request(1, METADATA, "r", block, bytes("body")));
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        assertThat(this.contexts).isEmpty();
    }

    static Stream<Arguments> malformedBlocks() {
        byte[] entry = entry("k", "v");
        byte[][] seventeen = new byte[17][];
        for (int i = 0; i < seventeen.length; i++) {
            seventeen[i] = entry("k" + i, "v");
        }
        String half = "x".repeat(2100);
        return Stream.of(
                Arguments.of("a count of 0", SpecSession.metadata(0)),
                Arguments.of("17 entries", SpecSession.metadata(17, seventeen)),
                Arguments.of("an empty key", SpecSession.metadata(1, entry("", "v"))),
                Arguments.of("a key of 65 bytes", SpecSession.metadata(1, entry("k".repeat(65), "v"))),
                Arguments.of("an upper-case key", SpecSession.metadata(1, entry("Tenant", "v"))),
                Arguments.of("a key with a space", SpecSession.metadata(1, entry("a b", "v"))),
                Arguments.of("a key that is not ASCII", SpecSession.metadata(1, entry("clé", "v"))),
                Arguments.of("a key twice", SpecSession.metadata(2, entry, entry("k", "w"))),
                Arguments.of("a value with a line feed", SpecSession.metadata(1, entry("k", "a\nb"))),
                Arguments.of("a value with DEL", SpecSession.metadata(1, entry("k", "a\u007Fb"))),
                Arguments.of("a value that is not UTF-8",
                        SpecSession.metadata(1, SpecSession.metadataEntry(bytes("k"), new byte[] { (byte) 0xC3 }))),
                Arguments.of("a block above 4096 bytes", SpecSession.metadata(2, entry("a", half), entry("b", half))),
                Arguments.of("fewer entries than counted", SpecSession.metadata(2, entry)),
                Arguments.of("a value longer than the frame",
                        SpecSession.metadata(1, new byte[] { 1, 'k', 0x0F, (byte) 0xFF })));
    }

    private static byte[] entry(String key, String value) {
        return SpecSession.metadataEntry(bytes(key), bytes(value));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

}
