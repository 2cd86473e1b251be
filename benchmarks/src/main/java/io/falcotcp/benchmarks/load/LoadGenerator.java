package io.falcotcp.benchmarks.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToDoubleFunction;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.transport.Transport;

/**
 * Drives a FalcoTCP echo server and, in the same run, a plain Netty length-prefixed echo server without crypto
 * (the ceiling), with N connections × K requests in flight, and prints latency percentiles, throughput and the
 * FalcoTCP-to-ceiling ratio. With {@code --mode=session} it compares instead the FalcoTCP session mode, all
 * N × K requests multiplexed on one connection, with plain v1 on N connections. Both servers and clients run in
 * this process on loopback.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println("java -cp benchmarks.jar io.falcotcp.benchmarks.load.LoadGenerator [options]\n"
                    + LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        Transport transport = Transport.select(options.transport());
        System.out.printf(Locale.ROOT, "transport=%s connections=%d in-flight=%d payload=%dB warmup=%ds duration=%ds runs=%d mode=%s%n",
                transport.name(), options.connections(), options.inFlight(), options.payloadSize(),
                options.warmup().toSeconds(), options.duration().toSeconds(), options.runs(),
                options.sessionMode() ? "session" : "ceiling");
        if (options.sessionMode()) {
            compareSessionWithV1(options);
            return;
        }
        List<LoadResult> plain = new ArrayList<>();
        List<LoadResult> falco = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            // alternate the order so that neither target always runs on a warmer JIT
            if (run % 2 == 0) {
                plain.add(runPlain(options, transport));
                falco.add(runFalco(options, false, options.connections(), options.inFlight()));
            }
            else {
                falco.add(runFalco(options, false, options.connections(), options.inFlight()));
                plain.add(runPlain(options, transport));
            }
            System.out.printf(Locale.ROOT, "run %d: plain %.0f req/s, falcotcp %.0f req/s%n", run + 1,
                    plain.get(run).requestsPerSecond(), falco.get(run).requestsPerSecond());
        }
        System.out.println();
        System.out.println("| target | req/s | MB/s | p50 µs | p99 µs | p99.9 µs | max µs |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        printRow("plain Netty echo (ceiling)", plain);
        printRow("FalcoTCP v1", falco);
        System.out.printf(Locale.ROOT, "%nFalcoTCP / ceiling throughput ratio (medians): %.2f%n",
                median(falco, LoadResult::requestsPerSecond) / median(plain, LoadResult::requestsPerSecond));
    }

    private static void compareSessionWithV1(LoadOptions options) throws InterruptedException {
        int total = options.connections() * options.inFlight();
        List<LoadResult> v1 = new ArrayList<>();
        List<LoadResult> session = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            if (run % 2 == 0) {
                v1.add(runFalco(options, false, options.connections(), options.inFlight()));
                session.add(runFalco(options, true, 1, total));
            }
            else {
                session.add(runFalco(options, true, 1, total));
                v1.add(runFalco(options, false, options.connections(), options.inFlight()));
            }
            System.out.printf(Locale.ROOT, "run %d: v1 %.0f req/s, session %.0f req/s%n", run + 1,
                    v1.get(run).requestsPerSecond(), session.get(run).requestsPerSecond());
        }
        System.out.println();
        System.out.println("| target | req/s | MB/s | p50 µs | p99 µs | p99.9 µs | max µs |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        printRow("FalcoTCP v1, " + options.connections() + " connections × " + options.inFlight(), v1);
        printRow("FalcoTCP session, 1 connection × " + total, session);
        System.out.printf(Locale.ROOT, "%nsession / v1 throughput ratio (medians): %.2f%n",
                median(session, LoadResult::requestsPerSecond) / median(v1, LoadResult::requestsPerSecond));
    }

    private static LoadResult runPlain(LoadOptions options, Transport transport) throws InterruptedException {
        try (PlainEchoServer server = new PlainEchoServer(transport);
                PlainEchoClient client = new PlainEchoClient(transport, server.port(), options.connections())) {
            return drive(client, options);
        }
    }

    private static LoadResult runFalco(LoadOptions options, boolean sessionMode, int connections, int inFlight)
            throws InterruptedException {
        FalcoKey key = FalcoKey.generate();
        try (FalcoServer server = FalcoServer.builder().key(key).host("127.0.0.1").port(0)
                .transport(options.transport())
                .maxInFlightPerSession(Math.max(inFlight, 16))
                .asyncHandler((request, context) -> CompletableFuture.completedFuture(request))
                .build()) {
            server.start();
            try (FalcoTcpClient falcoClient = FalcoTcpClient.builder().host("127.0.0.1").port(server.port()).key(key)
                    .transport(options.transport()).poolSize(connections)
                    .mode(sessionMode ? ClientMode.SESSION : ClientMode.V1)
                    .maxPipelinedRequests(Math.max(inFlight * 2, 16)).build()) {
                return drive(new EchoClient() {
                    @Override
                    public CompletableFuture<byte[]> echo(byte[] payload) {
                        return falcoClient.requestAsync(payload);
                    }

                    @Override
                    public void close() {
                        falcoClient.close();
                    }
                }, options);
            }
        }
    }

    private static LoadResult drive(EchoClient client, LoadOptions options) throws InterruptedException {
        byte[] payload = new byte[options.payloadSize()];
        new java.util.Random(42).nextBytes(payload);
        return new LoadRun(client, payload, options.connections() * options.inFlight()).run(options);
    }

    private static void printRow(String target, List<LoadResult> results) {
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.0f | %.0f | %.0f | %.0f |%n", target,
                median(results, LoadResult::requestsPerSecond), median(results, LoadResult::megabytesPerSecond),
                median(results, (result) -> result.percentileMicros(50)),
                median(results, (result) -> result.percentileMicros(99)),
                median(results, (result) -> result.percentileMicros(99.9)), median(results, LoadResult::maxMicros));
    }

    private static double median(List<LoadResult> results, ToDoubleFunction<LoadResult> metric) {
        List<Double> values = new ArrayList<>();
        results.forEach((result) -> values.add(metric.applyAsDouble(result)));
        values.sort(Comparator.naturalOrder());
        int middle = values.size() / 2;
        return (values.size() % 2 == 1) ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }

}
