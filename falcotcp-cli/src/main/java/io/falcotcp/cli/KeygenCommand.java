package io.falcotcp.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import io.falcotcp.crypto.FalcoKey;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code falcotcp keygen}: a new random key, in base64 or hex, on standard output or in a file only its owner
 * can read.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make a new random 32-byte FalcoTCP key (from the JDK's strong random source).")
final class KeygenCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "base64",
            description = "base64 (default) or hex; falco.server.key, FALCO_KEY and --key-file read both.")
    private Format format = Format.BASE64;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the key to FILE, readable and writable by its owner only; FILE must not exist.")
    private @Nullable Path out;

    KeygenCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        byte[] bytes = FalcoKey.generate().toByteArray();
        String text = (this.format == Format.HEX) ? HexFormat.of().formatHex(bytes)
                : Base64.getEncoder().encodeToString(bytes);
        Arrays.fill(bytes, (byte) 0);
        if (this.out == null) {
            this.context.out().println(text);
            return ExitCode.OK;
        }
        try {
            write(this.out, text + "\n");
            this.context.err().println("wrote a new FalcoTCP key to " + this.out + " (owner read and write only)");
            return ExitCode.OK;
        }
        catch (FileAlreadyExistsException ex) {
            this.context.err().println("falcotcp keygen: " + this.out + " exists; a key is never overwritten, "
                    + "remove the file first or choose another one");
            return ExitCode.USAGE;
        }
        catch (IOException | UnsupportedOperationException ex) {
            this.context.err().println("falcotcp keygen: cannot write " + this.out + ": " + ex.getMessage());
            return ExitCode.USAGE;
        }
    }

    private static void write(Path file, String text) throws IOException {
        // created with owner-only permissions, so that the key is never readable by others, not even for a moment
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        else {
            Files.createFile(file);
            File plain = file.toFile();
            if (!(plain.setReadable(false, false) && plain.setWritable(false, false) && plain.setReadable(true, true)
                    && plain.setWritable(true, true))) {
                Files.delete(file);
                throw new IOException("cannot restrict its permissions to its owner");
            }
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * How the key is written.
     */
    enum Format {

        /** Standard base64 with padding: 44 characters. */
        BASE64,

        /** 64 lowercase hex digits. */
        HEX

    }

}
