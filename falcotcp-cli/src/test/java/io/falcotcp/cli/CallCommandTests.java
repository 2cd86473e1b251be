package io.falcotcp.cli;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CallCommandTests {

    private final FalcoKey key = FalcoKey.generate();

    private final String hexKey = HexFormat.of().formatHex(this.key.toByteArray());

    private final CountDownLatch release = new CountDownLatch(1);

    @TempDir
    Path directory;

    private FalcoServer server;

    private String endpoint;

    @BeforeEach
    void startServer() {
        this.server = CliServers.start(this.key, this.release);
        this.endpoint = "127.0.0.1:" + this.server.port();
    }

    @AfterEach
    void stopServer() {
        this.release.countDown();
        this.server.close();
    }

    @Test
    void callsARouteWithTheKeyFromAFileAndPrintsTheAnswer() throws Exception {
        Path keyFile = this.directory.resolve("key");
        Files.writeString(keyFile, this.hexKey);
        Cli.Result result = Cli.run("call", this.endpoint, "--key-file", keyFile.toString(), "--route", "upper",
                "-d", "hello");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("HELLO");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void readsTheKeyFromFalcoKeyByDefaultAndTakesHostAndPortAsOptions() {
        Cli.Result result = Cli.run(Map.of("FALCO_KEY", this.hexKey), "call", "--host", "127.0.0.1", "--port",
                String.valueOf(this.server.port()), "-d", "default handler");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("default handler");
    }

    @Test
    void readsTheKeyFromANamedVariable() {
        Cli.Result result = Cli.run(Map.of("ORDERS_KEY", this.hexKey), "call", this.endpoint, "--key-env",
                "ORDERS_KEY", "-d", "x");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("x");
    }

    @Test
    void readsTheKeyFromStandardInput() {
        Cli.Result result = Cli.run(Map.of(), (this.hexKey + "\n").getBytes(StandardCharsets.US_ASCII), "call",
                this.endpoint, "--key-stdin", "-d", "from stdin key");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("from stdin key");
    }

    @Test
    void acceptsAKeyArgumentWithAWarningThatNeverQuotesIt() {
        Cli.Result result = Cli.run("call", this.endpoint, "--key", this.hexKey, "-d", "x");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.err()).startsWith("warning: a key given with --key is visible to other users")
                .doesNotContain(this.hexKey);
    }

    @Test
    void sendsTheBodyOfAFileAndOfStandardInputByteForByte() throws Exception {
        byte[] body = new byte[70_000];
        new Random(7).nextBytes(body);
        Path file = this.directory.resolve("body.bin");
        Files.write(file, body);
        Map<String, String> environment = Map.of("FALCO_KEY", this.hexKey);
        Cli.Result fromFile = Cli.run(environment, "call", this.endpoint, "--data-file", file.toString());
        Cli.Result fromStdin = Cli.run(environment, body, "call", this.endpoint, "--route", "echo", "--data-file",
                "-");
        assertThat(fromFile.status()).as(fromFile.err()).isZero();
        assertThat(fromFile.outBytes()).isEqualTo(body);
        assertThat(fromStdin.status()).as(fromStdin.err()).isZero();
        assertThat(fromStdin.outBytes()).isEqualTo(body);
    }

    @Test
    void prettyPrintsAJsonAnswer() {
        Cli.Result result = Cli.run(Map.of("FALCO_KEY", this.hexKey), "call", this.endpoint, "--json", "-d",
                "{\"sku\":\"A-1\",\"quantity\":2}");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out().replace("\r\n", "\n"))
                .isEqualTo("{\n  \"sku\" : \"A-1\",\n  \"quantity\" : 2\n}\n");
    }

    @Test
    void printsAnAnswerThatIsNotJsonAsItCameWithANote() {
        Cli.Result result = Cli.run(Map.of("FALCO_KEY", this.hexKey), "call", this.endpoint, "--json", "-d",
                "not json");
        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo("not json");
        assertThat(result.err()).contains("the answer is not JSON");
    }

    @Test
    void namesAMissingRouteAndExitsWithItsOwnStatus() {
        Cli.Result result = Cli.run(Map.of("FALCO_KEY", this.hexKey), "call", this.endpoint, "--route",
                "orders.cancel", "-d", "x");
        assertThat(result.status()).isEqualTo(ExitCode.NO_SUCH_ROUTE);
        assertThat(result.err()).startsWith("falcotcp call: no such route: ").contains("UNKNOWN_ROUTE")
                .contains("orders.cancel");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void showsTheStatusOfAFailedRequest() {
        Cli.Result result = Cli.run(Map.of("FALCO_KEY", this.hexKey), "call", this.endpoint, "--route", "fail");
        assertThat(result.status()).isEqualTo(ExitCode.REQUEST_FAILED);
        assertThat(result.err()).contains("request failed").contains("HANDLER_ERROR").contains("failed on purpose");
    }

    @Test
    void saysWhenTheServerRefusesTheKey() {
        String otherKey = HexFormat.of().formatHex(FalcoKey.generate().toByteArray());
        Cli.Result result = Cli.run(Map.of("FALCO_KEY", otherKey), "call", this.endpoint, "-d", "x");
        assertThat(result.status()).isEqualTo(ExitCode.KEY_REFUSED);
        assertThat(result.err()).startsWith("falcotcp call: key refused: ").contains("same FalcoTCP key");
    }

    @Test
    void saysWhenTheRequestTimesOut() {
        Cli.Result result = Cli.run(Map.of("FALCO_KEY", this.hexKey), "call", this.endpoint, "--route", "wait",
                "--timeout", "300ms");
        assertThat(result.status()).isEqualTo(ExitCode.TIMEOUT);
        assertThat(result.err()).startsWith("falcotcp call: timeout: ").contains("--timeout");
    }

    @Test
    void saysWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        Cli.Result result = Cli.run(Map.of("FALCO_KEY", this.hexKey), "call", "127.0.0.1:" + port, "-d", "x");
        assertThat(result.status()).isEqualTo(ExitCode.CONNECTION_FAILED);
        assertThat(result.err()).startsWith("falcotcp call: connection failed: ");
    }

    @Test
    void saysWhenTheServerSpeaksOnlyPlainV1AndCallsItInV1Mode() throws Exception {
        try (PlainV1Server plain = new PlainV1Server(this.key)) {
            String target = "127.0.0.1:" + plain.port();
            Map<String, String> environment = Map.of("FALCO_KEY", this.hexKey);
            Cli.Result session = Cli.run(environment, "call", target, "-d", "x");
            Cli.Result route = Cli.run(environment, "call", target, "--mode", "v1", "--route", "echo", "-d", "x");
            Cli.Result v1 = Cli.run(environment, "call", target, "--mode", "v1", "-d", "plain");
            assertThat(session.status()).isEqualTo(ExitCode.PLAIN_V1_SERVER);
            assertThat(session.err()).startsWith("falcotcp call: plain FalcoTCP v1 server").contains("--mode=v1");
            assertThat(route.status()).isEqualTo(ExitCode.PLAIN_V1_SERVER);
            assertThat(route.err()).contains("routes need the session mode");
            assertThat(v1.status()).as(v1.err()).isZero();
            assertThat(v1.out()).isEqualTo("plain");
        }
    }

    @Test
    void callsTheFalcoTcp02PortInEachCompression() {
        FalcoServer v02 = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0).v02Port(0)
                .handler((request, context) -> request).cryptoWarmUp(false)
                .shutdownGracePeriod(Duration.ofMillis(200)).build();
        v02.start();
        try (v02) {
            for (String compression : new String[] { "none", "lzma", "gzip", "lz4", "zstd" }) {
                Cli.Result result = Cli.run(Map.of("FALCO_KEY", this.hexKey), "call", "127.0.0.1:" + v02.v02Port(),
                        "--v02", "--compression", compression, "-d", "0.2 " + compression);
                assertThat(result.status()).as(result.err()).isZero();
                assertThat(result.out()).isEqualTo("0.2 " + compression);
            }
        }
    }

    @Test
    void refusesRoutesAndModesWithV02AndACompressionWithoutIt() {
        Map<String, String> environment = Map.of("FALCO_KEY", this.hexKey);
        Cli.Result route = Cli.run(environment, "call", this.endpoint, "--v02", "--route", "echo");
        Cli.Result mode = Cli.run(environment, "call", this.endpoint, "--v02", "--mode", "v1");
        Cli.Result compression = Cli.run(environment, "call", this.endpoint, "--compression", "gzip");
        assertThat(route.status()).isEqualTo(ExitCode.USAGE);
        assertThat(route.err()).contains("0.2 has no routes");
        assertThat(mode.status()).isEqualTo(ExitCode.USAGE);
        assertThat(compression.status()).isEqualTo(ExitCode.USAGE);
        assertThat(compression.err()).contains("--compression is for --v02");
    }

    @Test
    void refusesAMissingKeyWithAUsageError() {
        Cli.Result result = Cli.run("call", this.endpoint, "-d", "x");
        assertThat(result.status()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("no key").contains("FALCO_KEY").contains("falcotcp keygen");
    }

    @Test
    void refusesTwoKeySourcesAndTwoBodies() {
        Cli.Result keys = Cli.run(Map.of(), "call", this.endpoint, "--key-stdin", "--key-env", "X");
        Cli.Result bodies = Cli.run(Map.of("FALCO_KEY", this.hexKey), "call", this.endpoint, "-d", "x",
                "--data-file", "-");
        Cli.Result stdin = Cli.run(Map.of(), "call", this.endpoint, "--key-stdin", "--data-file", "-");
        assertThat(keys.status()).isEqualTo(ExitCode.USAGE);
        assertThat(keys.err()).contains("give the key once");
        assertThat(bodies.status()).isEqualTo(ExitCode.USAGE);
        assertThat(stdin.status()).isEqualTo(ExitCode.USAGE);
        assertThat(stdin.err()).contains("the key or the body, not both");
    }

    @Test
    void refusesAnEndpointThatIsNotHostColonPort() {
        Cli.Result result = Cli.run(Map.of("FALCO_KEY", this.hexKey), "call", "localhost");
        assertThat(result.status()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("'localhost' is not HOST:PORT");
    }

}
