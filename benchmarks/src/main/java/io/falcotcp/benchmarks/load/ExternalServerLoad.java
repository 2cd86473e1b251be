package io.falcotcp.benchmarks.load;

import io.falcotcp.benchmarks.load.Report.Target;

/**
 * Measures an already running FalcoTCP echo server: each run opens a fresh {@link FalcoEchoClient} with N
 * connections, keeps exactly K requests in flight on each, and closes it.
 * <p>
 * One client with a pool of N rather than N clients: each client owns an event-loop group, so N clients would put
 * N or more client threads on the machine, and on a small one the measurement would then mostly show how the
 * scheduler shares them. One pool spreads its N connections over a few event loops, as an application does;
 * capped at K per connection with N × K requests outstanding, every connection carries exactly K once all are up.
 */
final class ExternalServerLoad {

    private final LoadOptions options;

    private final FalcoEndpoint server;

    private final Report report;

    private final LoadProgress progress;

    ExternalServerLoad(LoadOptions options, FalcoEndpoint server, Report report, LoadProgress progress) {
        this.options = options;
        this.server = server;
        this.report = report;
        this.progress = progress;
    }

    void measure() throws InterruptedException, MeasurementFailedException {
        int connections = this.options.connections();
        int inFlight = this.options.inFlight();
        String protocol = (this.server.protocol() == WireProtocol.SESSION) ? "session mode" : "v1";
        Target target = new Target("external", "FalcoTCP " + protocol + " at " + this.server.address() + ", "
                + connections + " connections × " + inFlight, this.server.protocol().option(), connections, inFlight);
        int runs = this.options.runs();
        for (int run = 1; run <= runs; run++) {
            int current = run;
            LoadRun.PhaseProgress phase = (measuring, elapsed, length, answered) -> this.progress.update(
                    new LoadProgress.Update(current, runs, measuring, elapsed, length, answered));
            try (FalcoEchoClient client = FalcoEchoClient.open(this.server, connections, inFlight,
                    this.options.clientThreads(), this.options.transport(), this.options.payloadSize())) {
                this.report.add(target, run, new LoadRun(client, this.options.payloadSize(), connections * inFlight)
                        .run(this.options.warmup(), this.options.duration(), phase));
            }
        }
        this.report.printTable();
    }

}
