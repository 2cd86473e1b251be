package io.falcotcp.benchmarks.idle;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.falcotcp.benchmarks.idle.ServerProcess.Reading;
import io.falcotcp.crypto.FalcoKey;

/**
 * What idle authenticated connections cost a FalcoTCP server, per connection: heap used after GC and resident
 * memory, at several connection counts, in plain v1 and in the session mode.
 * <p>
 * For each mode it starts a FalcoTCP echo server in a JVM of its own ({@link IdleServer}; a process may hold at most
 * 20,000 open files here, and the server and the clients each need one per connection), opens and closes
 * {@code --warmup} connections (by default as many as the largest count, so that what grows once is in the
 * baseline) and reads the baseline; then it opens connections up to each count ({@link IdleClient}) and reads again
 * once the server has them all established and they have been idle for {@code --settle} seconds: heap after forced
 * full GCs and VmRSS, less the baseline, divided by the count. Prints one line per reading and a markdown table at
 * the end. Exit status: 0 when everything was measured, 1 when a measurement failed, 2 for bad options.
 */
public final class IdleConnections {

    private IdleConnections() {
    }

    public static void main(String[] args) throws InterruptedException {
        int status = run(List.of(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs one invocation.
     * @param args the command-line arguments
     * @param out where the results go
     * @param err where failures are explained
     * @return the exit status
     */
    static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.size() == 1 && ("--help".equals(args.get(0)) || "-h".equals(args.get(0)))) {
            out.println("java -cp benchmarks.jar io.falcotcp.benchmarks.idle.IdleConnections [options]\n"
                    + IdleOptions.USAGE);
            return 0;
        }
        IdleOptions options;
        try {
            options = IdleOptions.parse(args);
        }
        catch (IllegalArgumentException ex) {
            err.println(ex.getMessage());
            return 2;
        }
        long deadline = System.nanoTime() + options.timeout().toNanos();
        List<Row> rows = new ArrayList<>();
        try {
            for (IdleMode mode : options.modes()) {
                measure(mode, options, deadline, out, rows);
            }
        }
        catch (IdleMeasurementException ex) {
            err.println("IdleConnections: " + ex.getMessage());
            return 1;
        }
        catch (IOException ex) {
            err.println("IdleConnections: " + ex);
            return 1;
        }
        printTable(rows, out);
        return 0;
    }

    private static void measure(IdleMode mode, IdleOptions options, long deadline, PrintStream out, List<Row> rows)
            throws IOException, IdleMeasurementException, InterruptedException {
        FalcoKey key = FalcoKey.generate();
        long seconds = remaining(deadline).toSeconds() + 60;
        try (ServerProcess server = ServerProcess.start(options.serverJavaOptions(), options.transport(),
                options.maxCount() + 100, seconds, key)) {
            // a driver stopped by a signal ends its server, by the PID it started, not the server's own bound
            Thread killer = new Thread(server::kill, "idle-server-killer");
            Runtime.getRuntime().addShutdownHook(killer);
            try {
                out.printf(Locale.ROOT, "%s: server pid %d on 127.0.0.1:%d, %s%n", mode.option(), server.pid(),
                        server.port(), server.description());
                try (IdleClient client = new IdleClient(mode, key, new InetSocketAddress("127.0.0.1", server.port()),
                        options.perAddress(), options.clientThreads())) {
                    ramp(mode, options, deadline, out, rows, server, client);
                }
                server.awaitConnections(0, remaining(deadline));
            }
            finally {
                Runtime.getRuntime().removeShutdownHook(killer);
            }
        }
    }

    private static void ramp(IdleMode mode, IdleOptions options, long deadline, PrintStream out, List<Row> rows,
            ServerProcess server, IdleClient client) throws IOException, IdleMeasurementException, InterruptedException {
        client.openUpTo(options.warmup(), remaining(deadline));
        server.awaitConnections(options.warmup(), remaining(deadline));
        client.close();
        server.awaitConnections(0, remaining(deadline));
        settle(options, deadline);
        Reading baseline = server.measure();
        out.printf(Locale.ROOT, "%s: baseline after %d connections opened and closed: heap %,d B, RSS %,d B%n",
                mode.option(), options.warmup(), baseline.heap(), baseline.resident());
        if (options.histogram() != null) {
            histogram(mode, 0, options, server, out);
        }
        for (int count : options.counts()) {
            client.openUpTo(count, remaining(deadline));
            server.awaitConnections(count, remaining(deadline));
            settle(options, deadline);
            Reading reading = server.measure();
            Row row = new Row(mode, count, baseline, reading);
            rows.add(row);
            out.printf(Locale.ROOT, "%s: %,d connections: heap %,d B (+%,d B, %,.0f B each), RSS %,d B (+%,d B, "
                    + "%,.0f B each)%n", mode.option(), count, reading.heap(), reading.heap() - baseline.heap(),
                    row.heapPerConnection(), reading.resident(), reading.resident() - baseline.resident(),
                    row.residentPerConnection());
            Integer histogram = options.histogram();
            if (histogram != null && histogram == count) {
                histogram(mode, count, options, server, out);
            }
        }
    }

    private static void histogram(IdleMode mode, int count, IdleOptions options, ServerProcess server,
            PrintStream out) throws IOException, IdleMeasurementException {
        Files.createDirectories(options.out());
        Path file = options.out().resolve("idle-" + mode.option() + "-" + count + ".histogram.txt");
        server.histogram(file);
        out.printf(Locale.ROOT, "%s: class histogram at %,d connections in %s%n", mode.option(), count,
                file.toAbsolutePath());
    }

    /** Leaves the connections idle for a while: what the server keeps only while a connection is busy goes. */
    private static void settle(IdleOptions options, long deadline) throws IdleMeasurementException,
            InterruptedException {
        long nanos = Math.min(options.settle().toNanos(), remaining(deadline).toNanos());
        TimeUnit.NANOSECONDS.sleep(nanos);
    }

    private static Duration remaining(long deadline) throws IdleMeasurementException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new IdleMeasurementException("the measurement ran out of its --timeout");
        }
        return Duration.ofNanos(nanos);
    }

    private static void printTable(List<Row> rows, PrintStream out) {
        out.println();
        out.println("| mode | connections | heap after GC per connection | RSS per connection |");
        out.println("|---|---:|---:|---:|");
        for (Row row : rows) {
            out.printf(Locale.ROOT, "| %s | %,d | %,.0f B (%.2f KiB) | %,.0f B (%.2f KiB) |%n",
                    (row.mode() == IdleMode.V1) ? "plain v1" : "session", row.connections(), row.heapPerConnection(),
                    row.heapPerConnection() / 1024, row.residentPerConnection(), row.residentPerConnection() / 1024);
        }
    }

    /**
     * One reading against its baseline.
     */
    private record Row(IdleMode mode, int connections, Reading baseline, Reading reading) {

        double heapPerConnection() {
            return (double) (this.reading.heap() - this.baseline.heap()) / this.connections;
        }

        double residentPerConnection() {
            return (double) (this.reading.resident() - this.baseline.resident()) / this.connections;
        }

    }

}
