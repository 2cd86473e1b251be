package io.falcotcp.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command reads and writes besides its arguments: the process's environment and standard streams, or a
 * test's stand-ins for them.
 *
 * @param environment the environment variables, for the key
 * @param in standard input, for a key or a body given as {@code -}
 * @param out standard output: answers, results
 * @param err standard error: warnings, progress and failures
 */
record CliContext(Map<String, String> environment, InputStream in, PrintStream out, PrintStream err) {

    /**
     * The context of the running process.
     * @return the process's environment and standard streams
     */
    static CliContext system() {
        return new CliContext(System.getenv(), System.in, System.out, System.err);
    }

}
