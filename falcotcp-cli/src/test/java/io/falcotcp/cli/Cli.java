package io.falcotcp.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs {@code falcotcp} in this process, with a given environment and standard input, and captures what it prints.
 */
final class Cli {

    private Cli() {
    }

    static Result run(String... args) {
        return run(Map.of(), new byte[0], args);
    }

    static Result run(Map<String, String> environment, String... args) {
        return run(environment, new byte[0], args);
    }

    static Result run(Map<String, String> environment, byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = FalcoCli.execute(new CliContext(environment, new ByteArrayInputStream(stdin), outStream,
                    errStream), args);
        }
        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * What one invocation did.
     *
     * @param status its exit status
     * @param outBytes what it wrote to standard output
     * @param err what it wrote to standard error
     */
    record Result(int status, byte[] outBytes, String err) {

        String out() {
            return new String(this.outBytes, StandardCharsets.UTF_8);
        }

    }

}
