package io.falcotcp.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;

import io.falcotcp.crypto.FalcoKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KeygenCommandTests {

    @TempDir
    Path directory;

    @Test
    void printsANewBase64KeyOfThirtyTwoBytes() {
        Cli.Result first = Cli.run("keygen");
        Cli.Result second = Cli.run("keygen");
        assertThat(first.status()).isZero();
        assertThat(Base64.getDecoder().decode(first.out().strip())).hasSize(32);
        assertThat(first.out()).isNotEqualTo(second.out());
    }

    @Test
    void printsHexWhenAsked() {
        Cli.Result result = Cli.run("keygen", "--format", "hex");
        assertThat(result.status()).isZero();
        assertThat(result.out().strip()).matches("[0-9a-f]{64}");
        assertThat(HexFormat.of().parseHex(result.out().strip())).hasSize(32);
    }

    @Test
    void writesTheKeyToAFileOnlyItsOwnerCanReadAndNothingToStandardOutput() throws Exception {
        Path file = this.directory.resolve("falco.key");
        Cli.Result result = Cli.run("keygen", "--out", file.toString());
        assertThat(result.status()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(FalcoKey.fromFile(file).toByteArray()).hasSize(32);
    }

    @Test
    void neverOverwritesAnExistingFile() throws Exception {
        Path file = this.directory.resolve("falco.key");
        Files.writeString(file, "keep me");
        Cli.Result result = Cli.run("keygen", "--out", file.toString());
        assertThat(result.status()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("exists").contains("never overwritten");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void refusesAnUnknownFormat() {
        Cli.Result result = Cli.run("keygen", "--format", "pem");
        assertThat(result.status()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--format");
    }

}
