package io.falcotcp.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the external-server mode of {@link LoadGenerator}, against servers on random ports of 127.0.0.1:
 * short runs (one second, no warm-up) that check what is printed and the exit status.
 */
class LoadGeneratorTests {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final FalcoKey key = FalcoKey.generate();

    private final String hexKey = HexFormat.of().formatHex(this.key.toByteArray());

    @Test
    void aRunningServerIsMeasuredInV1WithOneJsonLinePerRunAndATable() throws Exception {
        try (FalcoServer server = start((request, context) -> request)) {
            Invocation invocation = run("--port=" + server.port(), "--key=" + this.hexKey, "--connections=2",
                    "--in-flight=2", "--payload=100", "--warmup=0", "--duration=1", "--runs=2");
            assertThat(invocation.status).as(invocation.err).isZero();
            List<JsonNode> lines = invocation.jsonLines();
            assertThat(lines).hasSize(2);
            for (int i = 0; i < lines.size(); i++) {
                JsonNode line = lines.get(i);
                assertThat(line.get("run").asInt()).isEqualTo(i + 1);
                assertThat(line.get("protocol").asString()).isEqualTo("v1");
                assertThat(line.get("server").asString()).isEqualTo("127.0.0.1:" + server.port());
                assertThat(line.get("connections").asInt()).isEqualTo(2);
                assertThat(line.get("inflight").asInt()).isEqualTo(2);
                assertThat(line.get("payload").asInt()).isEqualTo(100);
                assertThat(line.get("requests").asLong()).isPositive();
                assertThat(line.get("errors").asLong()).isZero();
                assertThat(line.get("throughput_rps").asDouble()).isPositive();
                assertThat(line.get("p50_us").asDouble()).isPositive();
                assertThat(line.get("p999_us").asDouble()).isGreaterThanOrEqualTo(line.get("p99_us").asDouble());
                assertThat(line.get("max_us").asDouble()).isGreaterThanOrEqualTo(line.get("p999_us").asDouble());
                assertThat(line.has("first_error")).isFalse();
            }
            assertThat(invocation.out).contains("| FalcoTCP v1 at 127.0.0.1:" + server.port()
                    + ", 2 connections × 2 |").doesNotContain(this.hexKey);
            // a fresh client of 2 connections per run
            assertThat(server.stats().acceptedConnections()).isEqualTo(4);
        }
    }

    @Test
    void theSessionModeIsMeasuredWhenTheServerOffersIt() throws Exception {
        try (FalcoServer server = start((request, context) -> request)) {
            Invocation invocation = run(Map.of("FALCO_KEY", this.hexKey), "--port=" + server.port(),
                    "--protocol=session", "--connections=1", "--in-flight=4", "--warmup=0", "--duration=1",
                    "--runs=1");
            assertThat(invocation.status).as(invocation.err).isZero();
            JsonNode line = invocation.jsonLines().get(0);
            assertThat(line.get("protocol").asString()).isEqualTo("session");
            assertThat(line.get("requests").asLong()).isPositive();
            assertThat(line.get("errors").asLong()).isZero();
        }
    }

    @Test
    void theSessionModeFailsAgainstAServerThatOnlySpeaksV1() throws Exception {
        try (PlainV1EchoServer server = new PlainV1EchoServer(this.key)) {
            Invocation invocation = run("--port=" + server.port(), "--key=" + this.hexKey, "--protocol=session",
                    "--connections=1", "--warmup=0", "--duration=1");
            assertThat(invocation.status).isEqualTo(1);
            assertThat(invocation.err).contains("cannot measure the FalcoTCP server at 127.0.0.1:" + server.port())
                    .contains("without the session mode").contains("--protocol=v1");
            assertThat(invocation.jsonLines()).isEmpty();
        }
    }

    @Test
    void aWrongKeyFailsBeforeAnyRunAndSaysTheKeyWasRejected() throws Exception {
        try (FalcoServer server = start((request, context) -> request)) {
            String wrongKey = HexFormat.of().formatHex(FalcoKey.generate().toByteArray());
            Invocation invocation = run("--port=" + server.port(), "--key=" + wrongKey, "--warmup=0",
                    "--duration=1");
            assertThat(invocation.status).isEqualTo(1);
            assertThat(invocation.err).contains("authentication failed").contains("same FalcoTCP key")
                    .doesNotContain(wrongKey);
            assertThat(invocation.jsonLines()).isEmpty();
        }
    }

    @Test
    void aRefusedConnectionFailsBeforeAnyRun() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Invocation invocation = run("--port=" + port, "--key=" + this.hexKey, "--warmup=0", "--duration=1");
        assertThat(invocation.status).isEqualTo(1);
        assertThat(invocation.err).contains("cannot measure the FalcoTCP server at 127.0.0.1:" + port)
                .contains("cannot connect");
    }

    @Test
    void aServerThatDoesNotEchoFailsBeforeAnyRun() throws Exception {
        try (FalcoServer server = start((request, context) -> Arrays.copyOf(request, request.length + 1))) {
            Invocation invocation = run("--port=" + server.port(), "--key=" + this.hexKey, "--payload=10",
                    "--warmup=0", "--duration=1");
            assertThat(invocation.status).isEqualTo(1);
            assertThat(invocation.err).contains("it does not echo (bad echo: sent 10 bytes, got 11)");
        }
    }

    @Test
    void aServerThatAnswersWithAnotherRequestsBytesFailsTheRun() throws Exception {
        // echoes the probe and the run's first request, then answers each request with the one before it: the
        // same length and the same bytes but for the sequence number the load generator writes into each request
        AtomicInteger requests = new AtomicInteger();
        AtomicReference<byte[]> previous = new AtomicReference<>();
        RequestHandler swapping = (request, context) -> {
            byte[] before = previous.getAndSet(request);
            return (requests.incrementAndGet() <= 2) ? request : before;
        };
        try (FalcoServer server = start(swapping)) {
            Invocation invocation = run("--port=" + server.port(), "--key=" + this.hexKey, "--connections=1",
                    "--in-flight=1", "--warmup=0", "--duration=1", "--runs=2");
            assertThat(invocation.status).isEqualTo(1);
            List<JsonNode> lines = invocation.jsonLines();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).get("errors").asLong()).isPositive();
            assertThat(lines.get(0).get("first_error").asString()).contains("bad echo: the answer differs");
            assertThat(invocation.err).contains("failed in run 1");
        }
    }

    private FalcoServer start(RequestHandler handler) {
        FalcoServer server = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0).handler(handler).build();
        server.start();
        return server;
    }

    private Invocation run(String... args) throws InterruptedException {
        return run(Map.of(), args);
    }

    private Invocation run(Map<String, String> environment, String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = LoadGenerator.run(List.of(args), environment, outStream, errStream, LoadProgress.NONE);
        }
        return new Invocation(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Invocation(int status, String out, String err) {

        List<JsonNode> jsonLines() {
            List<JsonNode> lines = new ArrayList<>();
            this.out.lines().filter((line) -> line.startsWith("{")).forEach((line) -> lines.add(json.readTree(line)));
            return lines;
        }

    }

}
