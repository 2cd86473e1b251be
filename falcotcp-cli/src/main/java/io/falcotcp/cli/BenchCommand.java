package io.falcotcp.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import io.falcotcp.benchmarks.load.LoadGenerator;
import io.falcotcp.crypto.FalcoKey;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code falcotcp bench}: the load generator's measurement of an already running FalcoTCP server that echoes, with a
 * progress line, one JSON line per run and the table of medians. The options and their defaults are the load
 * generator's ({@code docs/benchmarks.md}); this command only hands them over, with the key from wherever the other
 * commands read it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = { "Measure a running FalcoTCP server that echoes: closed-loop load with every answer checked, "
                + "latency percentiles and throughput.",
                "Prints one JSON line per run and a table of the medians; progress goes to standard error." },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = { "0:measured", "1:the server could not be measured or failed requests (the message says why)",
                "2:wrong command line" })
final class BenchCommand implements Callable<Integer> {

    /** What the load generator reads the key from when no option gives it. */
    private static final String KEY_VARIABLE = "FALCO_KEY";

    private final CliContext context;

    @Spec
    private @Nullable CommandSpec spec;

    @Mixin
    private ServerOptions server = new ServerOptions();

    @Mixin
    private KeyOptions key = new KeyOptions();

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "session",
            description = "session (default) or v1: what the client speaks; the server must offer it.")
    private String mode = "session";

    @Option(names = "--connections", paramLabel = "N", description = "Connections (default 16).")
    private @Nullable Integer connections;

    @Option(names = "--in-flight", paramLabel = "K", description = "Requests in flight per connection (default 8).")
    private @Nullable Integer inFlight;

    @Option(names = "--payload", paramLabel = "BYTES", description = "Request size, echoed back (default 64).")
    private @Nullable Integer payload;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Warm-up per run (default 3).")
    private @Nullable Integer warmup;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Measured time per run (default 10).")
    private @Nullable Integer duration;

    @Option(names = "--runs", paramLabel = "R", description = "Runs; the table shows the median (default 3).")
    private @Nullable Integer runs;

    @Option(names = "--client-threads", paramLabel = "T",
            description = "Event-loop threads of the client (default: available processors).")
    private @Nullable Integer clientThreads;

    @Option(names = "--transport", paramLabel = "TRANSPORT",
            description = "auto (default), io_uring, epoll or nio.")
    private @Nullable String transport;

    BenchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        CommandLine commandLine = Objects.requireNonNull(this.spec, "spec").commandLine();
        ServerOptions.Endpoint endpoint = this.server.endpoint(commandLine);
        FalcoKey benchKey = this.key.resolve(this.context, commandLine);
        List<String> args = new ArrayList<>();
        args.add("--host=" + endpoint.host());
        args.add("--port=" + endpoint.port());
        args.add("--protocol=" + this.mode);
        add(args, "connections", this.connections);
        add(args, "in-flight", this.inFlight);
        add(args, "payload", this.payload);
        add(args, "warmup", this.warmup);
        add(args, "duration", this.duration);
        add(args, "runs", this.runs);
        add(args, "client-threads", this.clientThreads);
        add(args, "transport", this.transport);
        byte[] keyBytes = benchKey.toByteArray();
        // handed over in this process's memory, as the load generator's own environment variable: never an argument
        Map<String, String> environment = Map.of(KEY_VARIABLE, HexFormat.of().formatHex(keyBytes));
        Arrays.fill(keyBytes, (byte) 0);
        int status = LoadGenerator.run(args, environment, this.context.out(), this.context.err(),
                new ProgressLine(this.context.err()));
        return (status == 2) ? ExitCode.USAGE : (status == 0) ? ExitCode.OK : ExitCode.REQUEST_FAILED;
    }

    private static void add(List<String> args, String name, @Nullable Object value) {
        if (value != null) {
            args.add("--" + name + "=" + value);
        }
    }

}
