package io.falcotcp.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.transport.TransportKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LoadOptions}: defaults, every option, the ways to give an external server's key, and messages
 * that name the option to fix without quoting a key.
 */
class LoadOptionsTests {

    private static final FalcoKey KEY = FalcoKey.generate();

    private static final String HEX = HexFormat.of().formatHex(KEY.toByteArray());

    // looks like a real secret, 32 bytes in base64, so that an echo in a message would be caught
    private static final String OTHER_KEY = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWsh";

    @Test
    void withoutOptionsItRunsTheCeilingComparisonInProcess() {
        LoadOptions options = parse();
        assertThat(options.server()).isNull();
        assertThat(options.comparison()).isEqualTo(Comparison.CEILING);
        assertThat(options.connections()).isEqualTo(16);
        assertThat(options.inFlight()).isEqualTo(8);
        assertThat(options.payloadSize()).isEqualTo(64);
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.runs()).isEqualTo(3);
        assertThat(options.transport()).isEqualTo(TransportKind.AUTO);
    }

    @Test
    void everyInProcessOptionIsRead() {
        LoadOptions options = parse("--connections=64", "--in-flight=1", "--payload=16384", "--warmup=0",
                "--duration=8", "--runs=5", "--transport=nio", "--mode=session");
        assertThat(options.connections()).isEqualTo(64);
        assertThat(options.inFlight()).isEqualTo(1);
        assertThat(options.payloadSize()).isEqualTo(16384);
        assertThat(options.warmup()).isZero();
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(8));
        assertThat(options.runs()).isEqualTo(5);
        assertThat(options.transport()).isEqualTo(TransportKind.NIO);
        assertThat(options.comparison()).isEqualTo(Comparison.SESSION);
        assertThat(parse("--transport=io-uring").transport()).isEqualTo(TransportKind.IO_URING);
        assertThat(parse("--mode=endpoints").comparison()).isEqualTo(Comparison.ENDPOINTS);
    }

    @Test
    void aPortSelectsAnExternalServerOnTheLocalHostSpokenToInV1() {
        LoadOptions options = parse("--port=7878", "--key=" + HEX);
        assertThat(options.server()).isEqualTo(new FalcoEndpoint("127.0.0.1", 7878, KEY, WireProtocol.V1));
        assertThat(options.clientThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void everyExternalServerOptionIsRead() {
        LoadOptions options = parse("--host=10.0.0.5", "--port=9000", "--key=" + HEX, "--protocol=session",
                "--client-threads=3", "--connections=4", "--in-flight=2");
        assertThat(options.server()).isEqualTo(new FalcoEndpoint("10.0.0.5", 9000, KEY, WireProtocol.SESSION));
        assertThat(options.clientThreads()).isEqualTo(3);
        assertThat(options.connections()).isEqualTo(4);
        assertThat(options.inFlight()).isEqualTo(2);
    }

    @Test
    void theKeyIsReadInBase64FromAFileOrFromTheEnvironment(@TempDir Path directory) throws Exception {
        String base64 = Base64.getEncoder().encodeToString(KEY.toByteArray());
        assertThat(parse("--port=1", "--key=" + base64).server().key()).isEqualTo(KEY);
        Path file = Files.write(directory.resolve("falco.key"), KEY.toByteArray());
        assertThat(parse("--port=1", "--key-file=" + file).server().key()).isEqualTo(KEY);
        LoadOptions fromEnvironment = LoadOptions.parse(List.of("--port=1"), Map.of("FALCO_KEY", HEX));
        assertThat(fromEnvironment.server().key()).isEqualTo(KEY);
    }

    @Test
    void aKeyOptionTakesPrecedenceOverTheEnvironment() {
        LoadOptions options = LoadOptions.parse(List.of("--port=1", "--key=" + HEX), Map.of("FALCO_KEY", OTHER_KEY));
        assertThat(options.server().key()).isEqualTo(KEY);
    }

    @Test
    void aMissingKeyNamesTheThreeWaysToGiveIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port=7878"))
                .withMessageContaining("--key=").withMessageContaining("--key-file=").withMessageContaining("FALCO_KEY");
    }

    @Test
    void aKeyThatIsNotOneIsRejectedWithoutBeingQuoted() {
        String shortKey = OTHER_KEY.substring(0, 24);
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port=1", "--key=" + shortKey))
                .withMessageStartingWith("--key: ").withMessageNotContaining(shortKey);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadOptions.parse(List.of("--port=1"), Map.of("FALCO_KEY", shortKey)))
                .withMessageContaining("FALCO_KEY").withMessageNotContaining(shortKey);
    }

    @Test
    void aKeyGivenWithASpaceInsteadOfAnEqualsSignIsNotQuoted() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port=1", "--key", OTHER_KEY))
                .withMessageContaining("argument 2 is not of the form --name=value")
                .withMessageNotContaining(OTHER_KEY);
    }

    @Test
    void keyAndKeyFileTogetherAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port=1", "--key=" + HEX, "--key-file=k"))
                .withMessageContaining("--key or --key-file, not both");
    }

    @Test
    void optionsOfAnExternalServerNeedItsPort() {
        for (String option : List.of("--host=h", "--key=" + HEX, "--key-file=k", "--protocol=v1",
                "--client-threads=2")) {
            assertThatIllegalArgumentException().isThrownBy(() -> parse(option))
                    .withMessageContaining("give its --port too");
        }
    }

    @Test
    void anInProcessComparisonCannotBeAskedForWithAnExternalServer() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port=1", "--key=" + HEX, "--mode=session"))
                .withMessageContaining("--mode").withMessageContaining("--protocol");
    }

    @Test
    void badValuesNameTheirOption() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--connections=many"))
                .withMessage("--connections must be a whole number (got 'many')");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--in-flight=0"))
                .withMessage("--in-flight must be at least 1 (got 0)");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--payload=-1"))
                .withMessageStartingWith("--payload must be between 0 and ");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port=70000", "--key=" + HEX))
                .withMessage("--port must be between 1 and 65535 (got 70000)");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port=1", "--key=" + HEX, "--protocol=v2"))
                .withMessage("--protocol is v1 or session (got 'v2')");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--mode=fast"))
                .withMessage("--mode is ceiling, session or endpoints (got 'fast')");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--transport=dpdk"))
                .withMessage("--transport is auto, io_uring, epoll or nio (got 'dpdk')");
    }

    @Test
    void unknownAndRepeatedOptionsAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--conections=4"))
                .withMessageStartingWith("unknown option --conections");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--runs=1", "--runs=2"))
                .withMessage("--runs is given twice");
    }

    private static LoadOptions parse(String... args) {
        return LoadOptions.parse(List.of(args), Map.of());
    }

}
