package io.falcotcp.benchmarks.load;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.falcotcp.transport.Transport;

/**
 * Closed-loop echo load with latency percentiles and throughput, printed as one JSON line per run and a markdown
 * table of the medians.
 * <p>
 * With {@code --port} (and {@code --host}, the key), it measures an already running FalcoTCP server that echoes,
 * in plain v1 or in the session mode. Otherwise it runs an in-process comparison on loopback: FalcoTCP v1 against
 * a plain Netty length-prefixed echo without crypto (the ceiling), or with {@code --mode=session} the session mode
 * on one connection against plain v1 on N connections. Exit status: 0 when every run was measured without an
 * error, 1 when a target could not be measured or failed requests, 2 for bad options.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws InterruptedException {
        int status = run(List.of(args), System.getenv(), System.out, System.err, LoadProgress.NONE);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs one invocation; also the entry point of the {@code falcotcp bench} command, which measures an already
     * running server with it.
     * @param args the command-line arguments, {@code --name=value} as {@link #main} takes them
     * @param environment the environment, for the key of an external server
     * @param out where the results go
     * @param err where failures are explained
     * @param progress told about once a second where a measurement of an already running server is
     * @return the exit status: 0 measured, 1 a target could not be measured or failed requests, 2 bad options
     * @throws InterruptedException when the calling thread is interrupted
     */
    public static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err,
            LoadProgress progress) throws InterruptedException {
        if (args.size() == 1 && ("--help".equals(args.get(0)) || "-h".equals(args.get(0)))) {
            out.println("java -cp benchmarks.jar io.falcotcp.benchmarks.load.LoadGenerator [options]\n"
                    + LoadOptions.USAGE);
            return 0;
        }
        LoadOptions options;
        Transport transport;
        try {
            options = LoadOptions.parse(args, environment);
            transport = Transport.select(options.transport());
        }
        catch (IllegalArgumentException | IllegalStateException ex) {
            err.println(ex.getMessage());
            return 2;
        }
        FalcoEndpoint server = options.server();
        out.printf(Locale.ROOT, "transport=%s connections=%d in-flight=%d payload=%dB warmup=%ds duration=%ds runs=%d %s%n",
                transport.name(), options.connections(), options.inFlight(), options.payloadSize(),
                options.warmup().toSeconds(), options.duration().toSeconds(), options.runs(),
                (server != null) ? "server=" + server.address() + " protocol=" + server.protocol().option()
                        + " client-threads=" + options.clientThreads()
                        : "mode=" + options.comparison().name().toLowerCase(Locale.ROOT));
        Report report = new Report(out, options, transport);
        try {
            if (server != null) {
                new ExternalServerLoad(options, server, report, progress).measure();
            }
            else if (options.comparison() == Comparison.SESSION) {
                new InProcessComparison(options, transport, report, out).session();
            }
            else if (options.comparison() == Comparison.ENDPOINTS) {
                new InProcessComparison(options, transport, report, out).endpoints();
            }
            else {
                new InProcessComparison(options, transport, report, out).ceiling();
            }
            return 0;
        }
        catch (MeasurementFailedException ex) {
            err.println("LoadGenerator: " + ex.getMessage());
            return 1;
        }
    }

}
