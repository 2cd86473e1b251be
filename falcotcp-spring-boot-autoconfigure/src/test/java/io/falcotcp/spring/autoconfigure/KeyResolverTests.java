package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.falcotcp.crypto.FalcoKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A key file that other users may read or write is used, with a warning that says how to restrict it.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyResolverTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    @TempDir
    Path directory;

    private Path keyFile;

    @BeforeEach
    void writeKeyFile() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        this.keyFile = Files.writeString(this.directory.resolve("falco.key"), KEY);
    }

    @Test
    void aKeyFileReadableByOthersIsUsedWithAWarningNamingTheFileAndTheFix(CapturedOutput output) throws IOException {
        Files.setPosixFilePermissions(this.keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(resolve()).isEqualTo(FalcoKey.parse(KEY));
        assertThat(output).containsOnlyOnce("falco.server.key-file: " + this.keyFile + " may be read or written by "
                + "other users than its owner (rw-r--r--)").contains("chmod 600 " + this.keyFile).doesNotContain(KEY);
    }

    @Test
    void aKeyFileWritableByItsGroupIsWarnedAbout(CapturedOutput output) throws IOException {
        Files.setPosixFilePermissions(this.keyFile, PosixFilePermissions.fromString("rw--w----"));
        resolve();
        assertThat(output).contains("(rw--w----)", "chmod 600");
    }

    @Test
    void aKeyFileOnlyItsOwnerCanReadIsUsedSilently(CapturedOutput output) throws IOException {
        Files.setPosixFilePermissions(this.keyFile, PosixFilePermissions.fromString("rw-------"));
        assertThat(resolve()).isEqualTo(FalcoKey.parse(KEY));
        assertThat(output).doesNotContain("chmod");
    }

    private FalcoKey resolve() {
        return KeyResolver.resolve("falco.server", null, new FileSystemResource(this.keyFile));
    }

}
