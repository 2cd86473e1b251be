package io.falcotcp.benchmarks.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import io.falcotcp.benchmarks.load.Report.Target;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.transport.Transport;

/**
 * The comparisons of {@code --mode}: two targets whose servers and clients run in this process on loopback, each
 * run starting fresh ones, the order alternating between runs so that neither always runs on a warmer JIT.
 */
final class InProcessComparison {

    private final LoadOptions options;

    private final Transport transport;

    private final Report report;

    private final PrintStream out;

    InProcessComparison(LoadOptions options, Transport transport, Report report, PrintStream out) {
        this.options = options;
        this.transport = transport;
        this.report = report;
        this.out = out;
    }

    /**
     * FalcoTCP v1 against the plain Netty echo, N connections × K each.
     */
    void ceiling() throws InterruptedException, MeasurementFailedException {
        int connections = this.options.connections();
        int inFlight = this.options.inFlight();
        Target plain = new Target("plain-echo", "plain Netty echo (ceiling)", "plain", connections, inFlight);
        Target falco = new Target("falcotcp", "FalcoTCP v1", WireProtocol.V1.option(), connections, inFlight);
        for (int run = 1; run <= this.options.runs(); run++) {
            if (run % 2 == 1) {
                this.report.add(plain, run, runPlain());
                this.report.add(falco, run, runFalco(WireProtocol.V1, connections, inFlight));
            }
            else {
                this.report.add(falco, run, runFalco(WireProtocol.V1, connections, inFlight));
                this.report.add(plain, run, runPlain());
            }
        }
        this.report.printTable();
        this.out.printf(Locale.ROOT, "%nFalcoTCP / ceiling throughput ratio (medians): %.2f%n",
                this.report.medianThroughput(falco) / this.report.medianThroughput(plain));
    }

    /**
     * The session mode on one connection with N × K requests in flight against plain v1 on N connections × K.
     */
    void session() throws InterruptedException, MeasurementFailedException {
        int connections = this.options.connections();
        int inFlight = this.options.inFlight();
        int total = connections * inFlight;
        Target v1 = new Target("falcotcp", "FalcoTCP v1, " + connections + " connections × " + inFlight,
                WireProtocol.V1.option(), connections, inFlight);
        Target session = new Target("falcotcp", "FalcoTCP session, 1 connection × " + total,
                WireProtocol.SESSION.option(), 1, total);
        for (int run = 1; run <= this.options.runs(); run++) {
            if (run % 2 == 1) {
                this.report.add(v1, run, runFalco(WireProtocol.V1, connections, inFlight));
                this.report.add(session, run, runFalco(WireProtocol.SESSION, 1, total));
            }
            else {
                this.report.add(session, run, runFalco(WireProtocol.SESSION, 1, total));
                this.report.add(v1, run, runFalco(WireProtocol.V1, connections, inFlight));
            }
        }
        this.report.printTable();
        this.out.printf(Locale.ROOT, "%nsession / v1 throughput ratio (medians): %.2f%n",
                this.report.medianThroughput(session) / this.report.medianThroughput(v1));
    }

    /**
     * One session-mode client over three servers, N connections × K to each, against the same client over one
     * server, N connections × K: the same N × K requests in flight, spread over three servers or not.
     */
    void endpoints() throws InterruptedException, MeasurementFailedException {
        int connections = this.options.connections();
        int inFlight = this.options.inFlight();
        Target one = new Target("falcotcp", "FalcoTCP session, 1 server, " + connections + " connections",
                WireProtocol.SESSION.option(), connections, inFlight);
        Target three = new Target("falcotcp", "FalcoTCP session, 3 servers, " + connections + " connections each",
                WireProtocol.SESSION.option(), 3 * connections, inFlight);
        for (int run = 1; run <= this.options.runs(); run++) {
            if (run % 2 == 1) {
                this.report.add(one, run, runBalanced(1, connections, inFlight));
                this.report.add(three, run, runBalanced(3, connections, inFlight));
            }
            else {
                this.report.add(three, run, runBalanced(3, connections, inFlight));
                this.report.add(one, run, runBalanced(1, connections, inFlight));
            }
        }
        this.report.printTable();
        this.out.printf(Locale.ROOT, "%n3 servers / 1 server throughput ratio (medians): %.2f%n",
                this.report.medianThroughput(three) / this.report.medianThroughput(one));
    }

    private LoadResult runBalanced(int serverCount, int connections, int inFlight) throws InterruptedException,
            MeasurementFailedException {
        FalcoKey key = FalcoKey.generate();
        List<FalcoServer> servers = new ArrayList<>();
        try {
            List<FalcoEndpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < serverCount; i++) {
                FalcoServer server = FalcoServer.builder().key(key).host("127.0.0.1").port(0)
                        .transport(this.options.transport())
                        .maxInFlightPerSession(Math.max(inFlight * 2, 16))
                        .asyncHandler((request, context) -> CompletableFuture.completedFuture(request))
                        .build();
                servers.add(server);
                server.start();
                endpoints.add(new FalcoEndpoint("127.0.0.1", server.port(), key, WireProtocol.SESSION));
            }
            try (FalcoEchoClient client = FalcoEchoClient.open(endpoints, connections, Math.max(inFlight * 2, 16), 1,
                    this.options.transport(), this.options.payloadSize())) {
                return drive(client, connections * inFlight);
            }
        }
        finally {
            servers.forEach(FalcoServer::stop);
        }
    }

    private LoadResult runPlain() throws InterruptedException, MeasurementFailedException {
        try (PlainEchoServer server = new PlainEchoServer(this.transport);
                PlainEchoClient client = new PlainEchoClient(this.transport, server.port(),
                        this.options.connections())) {
            return drive(client, this.options.connections() * this.options.inFlight());
        }
    }

    private LoadResult runFalco(WireProtocol protocol, int connections, int inFlight) throws InterruptedException,
            MeasurementFailedException {
        FalcoKey key = FalcoKey.generate();
        try (FalcoServer server = FalcoServer.builder().key(key).host("127.0.0.1").port(0)
                .transport(this.options.transport())
                .maxInFlightPerSession(Math.max(inFlight, 16))
                .asyncHandler((request, context) -> CompletableFuture.completedFuture(request))
                .build()) {
            server.start();
            // one client event loop, as the plain client has; room for more than K per connection, as before
            try (FalcoEchoClient client = FalcoEchoClient.open(
                    new FalcoEndpoint("127.0.0.1", server.port(), key, protocol), connections,
                    Math.max(inFlight * 2, 16), 1, this.options.transport(), this.options.payloadSize())) {
                return drive(client, connections * inFlight);
            }
        }
    }

    private LoadResult drive(EchoClient client, int outstanding) throws InterruptedException,
            MeasurementFailedException {
        return new LoadRun(client, this.options.payloadSize(), outstanding)
                .run(this.options.warmup(), this.options.duration(), LoadRun.PhaseProgress.NONE);
    }

}
