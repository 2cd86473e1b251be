package io.falcotcp.cli;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTests {

    private final FalcoKey key = FalcoKey.generate();

    private final Map<String, String> environment = Map.of("FALCO_KEY",
            HexFormat.of().formatHex(this.key.toByteArray()));

    @Test
    void measuresARunningServerWithAProgressLineAndTheResultTable() {
        try (FalcoServer server = CliServers.start(this.key, new CountDownLatch(0))) {
            Cli.Result result = Cli.run(this.environment, "bench", "127.0.0.1:" + server.port(), "--connections=2",
                    "--in-flight=2", "--warmup=1", "--duration=1", "--runs=1", "--client-threads=1");
            assertThat(result.status()).as(result.err()).isZero();
            assertThat(result.err()).contains("\rrun 1/1: warming up 1/1 s\n")
                    .containsPattern("\rrun 1/1: measuring 1/1 s, \\d+ answered \\(\\d+ req/s\\)\n");
            assertThat(result.out()).contains("protocol=session").contains("\"errors\":0")
                    .contains("| target | req/s | MB/s | p50 µs | p99 µs | p99.9 µs | max µs |")
                    .contains("| FalcoTCP session mode at 127.0.0.1:" + server.port() + ", 2 connections × 2 |");
        }
    }

    @Test
    void explainsARefusedKeyAndFailsTheMeasurement() {
        try (FalcoServer server = CliServers.start(FalcoKey.generate(), new CountDownLatch(0))) {
            Cli.Result result = Cli.run(this.environment, "bench", "127.0.0.1:" + server.port(), "--warmup=0",
                    "--duration=1", "--runs=1");
            assertThat(result.status()).isEqualTo(ExitCode.REQUEST_FAILED);
            assertThat(result.err()).contains("cannot measure the FalcoTCP server").contains("authentication failed");
        }
    }

    @Test
    void passesTheLoadGeneratorsOwnValidationThrough() {
        Cli.Result result = Cli.run(this.environment, "bench", "127.0.0.1:7878", "--connections=0");
        assertThat(result.status()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--connections must be at least 1");
    }

}
