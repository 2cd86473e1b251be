package io.falcotcp.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.falcotcp.testsupport.Await;
import io.falcotcp.testsupport.SpecSession;
import io.falcotcp.testsupport.SpecSessionConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches (session feature bit 4) between the server and {@link SpecSessionConnection}, the session client written
 * from {@code docs/protocol.md}: a client batch is handled as its messages, answers written together come back as
 * one server batch, the requests of a batch beyond the in-flight limit wait their turn, and every malformed batch
 * closes the connection without an answer and without handling any of its requests.
 */
class IndependentSessionBatchTests {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private static final int BATCHES = SpecSession.BATCHES;

    private static final byte[] PING = { SpecSession.KIND_PING };

    private final byte[] psk = SpecSession.randomBytes(32);

    private final Queue<String> handled = new ConcurrentLinkedQueue<>();

    private FalcoServer server;

    @AfterEach
    void stop() {
        if (this.server != null) {
            this.server.stop();
        }
    }

    /** A server whose echo handler runs on the event loop, so that the answers to one read are written together. */
    private int startOnEventLoop() {
        this.server = TestServers.start(this.psk, (builder) -> builder.handler(new RequestHandler() {

            @Override
            public byte[] handle(byte[] request, RequestContext context) {
                IndependentSessionBatchTests.this.handled.add(new String(request, StandardCharsets.UTF_8));
                return request;
            }

            @Override
            public boolean blocks(byte[] request, RequestContext context) {
                return false;
            }

        }));
        return this.server.port();
    }

    private int start(Consumer<FalcoServer.Builder> customizer) {
        this.server = TestServers.start(this.psk, customizer);
        return this.server.port();
    }

    private SpecSessionConnection open(int port, int features) throws Exception {
        SpecSessionConnection connection = SpecSessionConnection.open(port, this.psk, features);
        connection.pingPong();
        return connection;
    }

    @Test
    void serverAcceptsBatchesOnlyWhenTheClientRequestsThem() throws Exception {
        int port = startOnEventLoop();
        try (SpecSessionConnection connection = open(port, BATCHES)) {
            assertThat(connection.acceptedFeatures()).isEqualTo(BATCHES);
        }
        try (SpecSessionConnection connection = open(port, 0)) {
            assertThat(connection.acceptedFeatures()).isZero();
        }
    }

    @Test
    void batchIsHandledAsItsMessagesInTheirOrder() throws Exception {
        int port = startOnEventLoop();
        try (SpecSessionConnection connection = open(port, BATCHES)) {
            connection.send(SpecSession.batch(SpecSession.KIND_CLIENT_BATCH, request(1, "a"), PING, request(2, "b"),
                    SpecSession.withId(SpecSession.KIND_CANCEL, 99, new byte[0])));
            List<byte[]> answers = readMessages(connection, 3);
            assertThat(answers).extracting((message) -> message[0] & 0xFF)
                .containsExactly(SpecSession.KIND_RESPONSE, SpecSession.KIND_PONG, SpecSession.KIND_RESPONSE);
            assertThat(response(answers.get(0))).satisfies((response) -> {
                assertThat(response.getInt(1)).isEqualTo(1);
                assertThat(body(response)).isEqualTo("a");
            });
            assertThat(body(response(answers.get(2)))).isEqualTo("b");
            connection.pingPong();
        }
        assertThat(this.handled).containsExactly("a", "b");
    }

    @Test
    void answersWrittenTogetherComeBackAsOneBatchAndAnAnswerAloneAsItsOwnFrame() throws Exception {
        int port = startOnEventLoop();
        try (SpecSessionConnection connection = open(port, BATCHES)) {
            byte[][] requests = new byte[8][];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = request(i + 1, "r" + (i + 1));
            }
            connection.send(SpecSession.batch(SpecSession.KIND_CLIENT_BATCH, requests));
            byte[] frame = connection.read();
            assertThat(frame[0] & 0xFF).as("kind of the frame of the answers").isEqualTo(SpecSession.KIND_SERVER_BATCH);
            List<byte[]> responses = SpecSession.messages(SpecSession.KIND_SERVER_BATCH, frame);
            assertThat(responses).hasSize(8);
            for (int i = 0; i < responses.size(); i++) {
                ByteBuffer response = response(responses.get(i));
                assertThat(response.getInt(1)).isEqualTo(i + 1);
                assertThat(body(response)).isEqualTo("r" + (i + 1));
            }
            connection.send(request(9, "alone"));
            byte[] alone = connection.read();
            assertThat(alone[0] & 0xFF).isEqualTo(SpecSession.KIND_RESPONSE);
            assertThat(body(response(alone))).isEqualTo("alone");
        }
    }

    @Test
    void requestsOfABatchBeyondTheInFlightLimitWaitTheirTurn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger entered = new AtomicInteger();
        int port = start((builder) -> builder.maxInFlightPerSession(2).handler((request, context) -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            entered.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            finally {
                running.decrementAndGet();
            }
            this.handled.add(new String(request, StandardCharsets.UTF_8));
            return request;
        }));
        try (SpecSessionConnection connection = open(port, BATCHES)) {
            assertThat(connection.maxInFlight()).isEqualTo(2);
            byte[][] requests = new byte[6][];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = request(i + 1, "r" + (i + 1));
            }
            connection.send(SpecSession.batch(SpecSession.KIND_CLIENT_BATCH, requests));
            Await.until("two handlers running", () -> entered.get() == 2);
            Await.holdsFor("no third handler while two run", Duration.ofMillis(500), () -> entered.get() == 2);
            release.countDown();
            List<Integer> ids = new ArrayList<>();
            for (byte[] message : readMessages(connection, 6)) {
                ids.add(response(message).getInt(1));
            }
            assertThat(ids).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        }
        assertThat(mostRunning.get()).isEqualTo(2);
        assertThat(this.handled).hasSize(6);
    }

    @Test
    void cancelledRequestThatWaitsInItsBatchIsNeverHandledNorAnswered() throws Exception {
        CountDownLatch firstEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int port = start((builder) -> builder.maxInFlightPerSession(1).handler((request, context) -> {
            String text = new String(request, StandardCharsets.UTF_8);
            if (text.equals("first")) {
                firstEntered.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            this.handled.add(text);
            return request;
        }));
        try (SpecSessionConnection connection = open(port, BATCHES)) {
            connection.send(SpecSession.batch(SpecSession.KIND_CLIENT_BATCH, request(1, "first"),
                    request(2, "cancelled"), SpecSession.withId(SpecSession.KIND_CANCEL, 2, new byte[0]),
                    request(3, "third")));
            assertThat(firstEntered.await(30, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            List<Integer> ids = new ArrayList<>();
            for (byte[] message : readMessages(connection, 2)) {
                ids.add(response(message).getInt(1));
            }
            assertThat(ids).containsExactly(1, 3);
            // nothing for request 2 comes before the pong
            connection.pingPong();
        }
        assertThat(this.handled).containsExactly("first", "third");
    }

    @Test
    void batchOnAConnectionThatDidNotNegotiateBatchesClosesWithoutAnswer() throws Exception {
        int port = startOnEventLoop();
        try (SpecSessionConnection connection = open(port, 0)) {
            connection.send(SpecSession.batch(SpecSession.KIND_CLIENT_BATCH, request(1, "a"), request(2, "b")));
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        assertThat(this.handled).isEmpty();
        assertThat(this.server.stats().sessionProtocolErrors()).isEqualTo(1);
    }

    static Stream<Arguments> malformedBatches() {
        byte[][] pings = new byte[65][];
        Arrays.fill(pings, PING);
        int kind = SpecSession.KIND_CLIENT_BATCH;
        byte[] segmented = SpecSession.concat(SpecSession.request(2, SpecSession.SEGMENTS, "", new byte[0]),
                ByteBuffer.allocate(4).putInt(10).array(), bytes("abc"));
        return Stream.of(
                Arguments.of("one message", SpecSession.batch(kind, request(1, "a"))),
                Arguments.of("65 messages", SpecSession.batch(kind, pings)),
                Arguments.of("an empty message", SpecSession.batch(kind, request(1, "a"), new byte[0])),
                Arguments.of("a length past the end", new byte[] { (byte) kind, 0, 1, SpecSession.KIND_PING, 0, 5,
                    SpecSession.KIND_PING }),
                Arguments.of("a batch in a batch", SpecSession.batch(kind, request(1, "a"),
                        SpecSession.batch(kind, PING, PING))),
                Arguments.of("a continuation", SpecSession.batch(kind, request(1, "a"),
                        SpecSession.withId(SpecSession.KIND_CLIENT_CONTINUATION, 1, bytes("x")))),
                Arguments.of("a body in segments", SpecSession.batch(kind, request(1, "a"), segmented)),
                Arguments.of("the server's kind", SpecSession.batch(SpecSession.KIND_SERVER_BATCH, PING, PING)),
                Arguments.of("a ping with trailing bytes", SpecSession.batch(kind, request(1, "a"),
                        new byte[] { SpecSession.KIND_PING, 0 })),
                Arguments.of("a request cut short", SpecSession.batch(kind, request(1, "a"),
                        new byte[] { SpecSession.KIND_REQUEST, 0, 0 })),
                Arguments.of("more than 16 KiB", SpecSession.batch(kind, SpecSession.request(1, 0, "", new byte[8000]),
                        SpecSession.request(2, 0, "", new byte[8400]))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBatches")
    void malformedBatchClosesWithoutAnswerAndHandlesNoneOfItsRequests(String what, byte[] plaintext)
            throws Exception {
        int port = startOnEventLoop();
        try (SpecSessionConnection connection = open(port, BATCHES | SpecSession.SEGMENTS)) {
            connection.send(plaintext);
            connection.assertClosedWithoutAnswer(CLOSE_WAIT);
        }
        assertThat(this.handled).isEmpty();
        assertThat(this.server.stats().sessionProtocolErrors()).isEqualTo(1);
    }

    /** Reads frames until {@code count} messages came, splitting server batches; fails on more. */
    private static List<byte[]> readMessages(SpecSessionConnection connection, int count) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        while (messages.size() < count) {
            messages.addAll(SpecSession.messages(SpecSession.KIND_SERVER_BATCH, connection.read()));
        }
        assertThat(messages).hasSize(count);
        return messages;
    }

    private static byte[] request(int id, String body) {
        return SpecSession.request(id, 0, "", bytes(body));
    }

    private static ByteBuffer response(byte[] message) {
        assertThat(message[0] & 0xFF).as("kind").isEqualTo(SpecSession.KIND_RESPONSE);
        assertThat(message[6]).as("status").isZero();
        return ByteBuffer.wrap(message);
    }

    /** The body of an OK response without a message. */
    private static String body(ByteBuffer response) {
        return new String(response.array(), 9, response.limit() - 9, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
