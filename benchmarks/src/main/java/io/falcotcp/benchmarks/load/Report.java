package io.falcotcp.benchmarks.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.falcotcp.transport.Transport;

/**
 * What an invocation prints: one JSON line per measured run, as it ends, and a markdown table of the medians per
 * target at the end. The JSON field names are those of the peer yardstick's load generator, so its {@code table}
 * command reads these lines too.
 */
final class Report {

    private final PrintStream out;

    private final LoadOptions options;

    private final Transport transport;

    private final Map<Target, List<LoadResult>> results = new LinkedHashMap<>();

    Report(PrintStream out, LoadOptions options, Transport transport) {
        this.out = out;
        this.options = options;
        this.transport = transport;
    }

    /**
     * Prints a run's JSON line and keeps the run for the table.
     * @param target what was measured
     * @param run the run's number, from 1
     * @param result what it measured
     * @throws MeasurementFailedException after printing, when requests failed during the run
     */
    void add(Target target, int run, LoadResult result) throws MeasurementFailedException {
        JsonLine line = new JsonLine().field("target", target.name()).field("label", target.label())
                .field("protocol", target.protocol());
        FalcoEndpoint server = this.options.server();
        if (server != null) {
            line.field("server", server.address()).field("client_threads", this.options.clientThreads());
        }
        line.field("transport", this.transport.name())
                .field("connections", target.connections()).field("inflight", target.inFlight())
                .field("payload", result.payloadSize()).field("run", run)
                .field("requests", result.requests()).field("errors", result.errors())
                .field("throughput_rps", result.requestsPerSecond())
                .field("p50_us", result.percentileMicros(50)).field("p99_us", result.percentileMicros(99))
                .field("p999_us", result.percentileMicros(99.9)).field("max_us", result.maxMicros())
                .field("mean_us", result.meanMicros()).field("mb_per_s", result.megabytesPerSecond())
                .field("duration_s", result.elapsedNanos() / 1e9)
                .field("warmup_s", (double) this.options.warmup().toSeconds());
        String firstError = result.firstError();
        if (firstError != null) {
            line.field("first_error", firstError);
        }
        this.out.println(line);
        this.results.computeIfAbsent(target, (key) -> new ArrayList<>()).add(result);
        if (result.errors() > 0) {
            throw new MeasurementFailedException(result.errors() + " requests to " + target.label() + " failed in run "
                    + run + "; the first: " + firstError);
        }
    }

    /**
     * Prints the table: one row per target, the median of its runs in each column.
     */
    void printTable() {
        this.out.println();
        this.out.println("| target | req/s | MB/s | p50 µs | p99 µs | p99.9 µs | max µs |");
        this.out.println("|---|---:|---:|---:|---:|---:|---:|");
        this.results.forEach((target, runs) -> this.out.printf(Locale.ROOT,
                "| %s | %.0f | %.1f | %.0f | %.0f | %.0f | %.0f |%n", target.label(),
                median(runs, LoadResult::requestsPerSecond), median(runs, LoadResult::megabytesPerSecond),
                median(runs, (result) -> result.percentileMicros(50)),
                median(runs, (result) -> result.percentileMicros(99)),
                median(runs, (result) -> result.percentileMicros(99.9)), median(runs, LoadResult::maxMicros)));
    }

    /**
     * The median throughput of a target's runs.
     * @param target a target added before
     * @return requests per second
     */
    double medianThroughput(Target target) {
        return median(this.results.get(target), LoadResult::requestsPerSecond);
    }

    private static double median(List<LoadResult> results, ToDoubleFunction<LoadResult> metric) {
        List<Double> values = new ArrayList<>();
        results.forEach((result) -> values.add(metric.applyAsDouble(result)));
        values.sort(Comparator.naturalOrder());
        int middle = values.size() / 2;
        return (values.size() % 2 == 1) ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }

    /**
     * One thing measured: a server, a client and a shape of load.
     *
     * @param name a short identifier for scripts
     * @param label the row's label in the table
     * @param protocol what the client speaks: {@code plain}, {@code v1} or {@code session}
     * @param connections connections opened
     * @param inFlight requests in flight on each connection
     */
    record Target(String name, String label, String protocol, int connections, int inFlight) {
    }

}
