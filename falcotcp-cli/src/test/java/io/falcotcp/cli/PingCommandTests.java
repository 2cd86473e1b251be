package io.falcotcp.cli;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PingCommandTests {

    private final FalcoKey key = FalcoKey.generate();

    private final Map<String, String> environment = Map.of("FALCO_KEY",
            HexFormat.of().formatHex(this.key.toByteArray()));

    @Test
    void showsTheHandshakeTheSessionModeItsFeaturesAndEveryRoundTrip() {
        CountDownLatch release = new CountDownLatch(0);
        try (FalcoServer server = CliServers.start(this.key, release)) {
            Cli.Result result = Cli.run(this.environment, "ping", "127.0.0.1:" + server.port(), "--count", "4");
            assertThat(result.status()).as(result.err()).isZero();
            assertThat(result.out())
                    .containsPattern("127\\.0\\.0\\.1:\\d+: connected and authenticated in \\d+\\.\\d\\d ms")
                    .contains("mode: session (X25519 session keys")
                    .containsPattern("round trip 4: \\d+\\.\\d\\d ms \\(OK\\)")
                    .doesNotContain("round trip 5")
                    .containsPattern("round trips: min \\d+\\.\\d\\d ms, avg \\d+\\.\\d\\d ms, max \\d+\\.\\d\\d ms");
        }
    }

    @Test
    void showsCompressionAmongTheFeaturesWhenBothSidesWantIt() {
        CountDownLatch release = new CountDownLatch(0);
        try (FalcoServer plain = CliServers.start(this.key, release);
                FalcoServer compressing = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0)
                        .handler((request, context) -> request).compression(true).cryptoWarmUp(false).build()) {
            compressing.start();
            Cli.Result without = Cli.run(this.environment, "ping", "127.0.0.1:" + plain.port(), "--compression");
            Cli.Result with = Cli.run(this.environment, "ping", "127.0.0.1:" + compressing.port(), "--compression");
            assertThat(without.out()).doesNotContain("lz4");
            assertThat(with.status()).as(with.err()).isZero();
            assertThat(with.out()).containsPattern("features: .*lz4");
        }
    }

    @Test
    void pingsAPlainV1ServerInV1ModeAndNamesItsMode() throws Exception {
        try (PlainV1Server server = new PlainV1Server(this.key)) {
            Cli.Result v1 = Cli.run(this.environment, "ping", "127.0.0.1:" + server.port(), "--mode", "v1");
            Cli.Result session = Cli.run(this.environment, "ping", "127.0.0.1:" + server.port());
            assertThat(v1.status()).as(v1.err()).isZero();
            assertThat(v1.out()).contains("mode: plain FalcoTCP v1").contains("round trip 3:");
            assertThat(session.status()).isEqualTo(ExitCode.PLAIN_V1_SERVER);
            assertThat(session.err()).startsWith("falcotcp ping: plain FalcoTCP v1 server");
        }
    }

    @Test
    void saysWhenTheServerRefusesTheKey() {
        CountDownLatch release = new CountDownLatch(0);
        try (FalcoServer server = CliServers.start(FalcoKey.generate(), release)) {
            Cli.Result result = Cli.run(this.environment, "ping", "127.0.0.1:" + server.port());
            assertThat(result.status()).isEqualTo(ExitCode.KEY_REFUSED);
            assertThat(result.err()).startsWith("falcotcp ping: key refused: ");
            assertThat(result.out()).isEmpty();
        }
    }

}
