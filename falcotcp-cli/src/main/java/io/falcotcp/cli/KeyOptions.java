package io.falcotcp.cli;

import java.io.IOException;
import java.nio.file.Path;

import io.falcotcp.crypto.FalcoKey;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where the pre-shared key comes from: a file, standard input or an environment variable ({@value #DEFAULT_VARIABLE}
 * unless told otherwise). A key given as a plain argument works too, with a warning, since other users of the
 * machine see it in the process list and it stays in the shell's history.
 */
final class KeyOptions {

    /** The environment variable read when no other source of the key is given. */
    static final String DEFAULT_VARIABLE = "FALCO_KEY";

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "File holding the key: 32 raw bytes, 64 hex digits or base64.")
    private @Nullable Path keyFile;

    @Option(names = "--key-stdin", description = "Read the key from standard input.")
    private boolean keyStdin;

    @Option(names = "--key-env", paramLabel = "VARIABLE",
            description = "Environment variable holding the key (default " + DEFAULT_VARIABLE + ").")
    private @Nullable String keyVariable;

    @Option(names = "--key", paramLabel = "KEY",
            description = "The key itself (hex or base64). Discouraged: other users see it in the process list.")
    private @Nullable String key;

    /**
     * Whether the key is read from standard input, which is then not free for a body.
     * @return {@code true} with {@code --key-stdin}
     */
    boolean readsStandardInput() {
        return this.keyStdin;
    }

    /**
     * Reads the key from the one source given.
     * @param context the environment and standard input
     * @param commandLine the command, for usage errors
     * @return the key
     * @throws ParameterException when no source or more than one is given, or the source holds no usable key;
     *     the message never quotes the key
     */
    FalcoKey resolve(CliContext context, CommandLine commandLine) {
        int sources = ((this.keyFile != null) ? 1 : 0) + (this.keyStdin ? 1 : 0) + ((this.keyVariable != null) ? 1 : 0)
                + ((this.key != null) ? 1 : 0);
        if (sources > 1) {
            throw new ParameterException(commandLine,
                    "give the key once: --key-file, --key-stdin, --key-env or --key");
        }
        try {
            if (this.keyFile != null) {
                return FalcoKey.fromFile(this.keyFile);
            }
            if (this.keyStdin) {
                return FalcoKey.read(context.in(), "the key on standard input");
            }
            if (this.key != null) {
                context.err().println("warning: a key given with --key is visible to other users in the process list "
                        + "and stays in the shell's history; prefer --key-file, --key-stdin or the environment "
                        + "variable " + DEFAULT_VARIABLE);
                return FalcoKey.parse(this.key);
            }
            String variable = (this.keyVariable != null) ? this.keyVariable : DEFAULT_VARIABLE;
            String value = context.environment().get(variable);
            if (value == null || value.isBlank()) {
                throw new ParameterException(commandLine, "no key: give --key-file FILE, --key-stdin or set the "
                        + "environment variable " + variable + " (make a key with: falcotcp keygen --out FILE)");
            }
            try {
                return FalcoKey.parse(value);
            }
            catch (IllegalArgumentException ex) {
                throw new ParameterException(commandLine, "the environment variable " + variable
                        + " holds no usable FalcoTCP key: " + ex.getMessage());
            }
        }
        catch (IOException ex) {
            throw new ParameterException(commandLine,
                    "cannot read the key from standard input: " + ex.getMessage());
        }
        catch (IllegalArgumentException ex) {
            // FalcoKey's messages say what is wrong without quoting the key
            throw new ParameterException(commandLine, ex.getMessage());
        }
    }

}
