package io.falcotcp.benchmarks.cliff;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.sun.management.OperatingSystemMXBean;
import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import org.jspecify.annotations.Nullable;

/**
 * The JIT cliff of large messages on a fresh server: in this JVM, a {@link FalcoServer} (echo on the event loop)
 * and a {@link FalcoTcpClient} serve small requests only for a while, then 1 MiB requests one at a time. It prints
 * the time of the first large requests, the rate of each second, and how much longer the first 100 took than they
 * would at the warm rate (the median request of the last five seconds), in wall-clock time and in CPU time of the
 * process (which other processes on the machine do not inflate), also as one JSON line. Each run is one fresh JVM;
 * compare runs with and without {@code --crypto-warm-up=false}, see "Large messages and the JIT" in
 * {@code docs/benchmarks.md}. Exit status 1 when a request fails or is not echoed, 2 for bad options.
 */
public final class GcmCliff {

    private static final String USAGE = """
            java -cp benchmarks.jar io.falcotcp.benchmarks.cliff.GcmCliff [options]
              --protocol=v1|session       what the client speaks (default v1)
              --crypto-warm-up=true|false the builders' cryptoWarmUp (default true)
              --small=SIZES               sizes of the small requests, cycled, in bytes (default 64,1024,16384)
              --small-seconds=S           how long small requests run first (default 5)
              --in-flight=K               small requests in flight, 1 to 1024 (default 16)
              --large=BYTES               size of the large requests, up to 8 MiB (default 1048576)
              --large-seconds=S           how long large requests run, one at a time; at least 10 (default 20)""";

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static final int WARM_SECONDS = 5;

    private static final int FIRST_SHOWN = 10;

    private static final int FIRST_COUNTED = 100;

    /** The largest request the default frame limit lets through in both protocols (a session frame adds a header). */
    private static final int MAX_SIZE = 8 * 1024 * 1024;

    private static final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean();

    private final Options options;

    private final Random random = new Random(42);

    private GcmCliff(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        try {
            new GcmCliff(options).measure();
        }
        catch (IllegalStateException ex) {
            System.err.println("GcmCliff: " + ex.getMessage());
            System.exit(1);
        }
    }

    private void measure() throws InterruptedException {
        FalcoKey key = FalcoKey.generate();
        long serverStart = System.nanoTime();
        try (FalcoServer server = FalcoServer.builder().key(key).host("127.0.0.1").port(0)
                .cryptoWarmUp(this.options.cryptoWarmUp())
                .asyncHandler((request, context) -> CompletableFuture.completedFuture(request))
                .build()) {
            server.start();
            long clientBuild = System.nanoTime();
            try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port()).key(key)
                    .mode(this.options.protocol()).cryptoWarmUp(this.options.cryptoWarmUp())
                    .maxPipelinedRequests(this.options.inFlight()).build()) {
                long built = System.nanoTime();
                Run run = new Run(millis(clientBuild - serverStart), millis(built - clientBuild));
                System.out.printf(Locale.ROOT, "java %s, %s, crypto warm-up %s: server started in %d ms, client "
                        + "built in %d ms%n", System.getProperty("java.version"), protocolName(),
                        this.options.cryptoWarmUp() ? "on" : "off", run.serverStartMillis, run.clientBuildMillis);
                // timed as the large ones are, so that the code they run differs in the sizes only
                run.smallRequests = drive(client, smallPayloads(), this.options.inFlight(),
                        this.options.smallSeconds(), new Run(0, 0));
                System.out.printf(Locale.ROOT, "%d requests of %s B in %d s, then %d-byte requests one at a time:%n",
                        run.smallRequests, sizes(), this.options.smallSeconds(), this.options.large());
                drive(client, new byte[][] { payload(this.options.large()) }, 1, this.options.largeSeconds(), run);
                report(run);
            }
        }
    }

    private byte[][] smallPayloads() {
        int[] sizes = this.options.small();
        byte[][] payloads = new byte[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            payloads[i] = payload(sizes[i]);
        }
        return payloads;
    }

    /**
     * Sends the payloads in turn for some seconds, keeping requests in flight, checking every echo; both phases go
     * through this code, so that only the sizes change between them.
     * @param run where the time of each request goes
     * @return the number of requests sent
     */
    private long drive(FalcoTcpClient client, byte[][] payloads, int inFlight, int seconds, Run run)
            throws InterruptedException {
        run.start(os.getProcessCpuTime());
        Semaphore room = new Semaphore(inFlight);
        AtomicReference<@Nullable String> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        while (System.nanoTime() - deadline < 0 && failure.get() == null) {
            byte[] payload = payloads[(int) (sent++ % payloads.length)];
            room.acquire();
            long start = System.nanoTime();
            client.requestAsync(payload).whenComplete((answer, ex) -> {
                run.add(System.nanoTime() - start, os.getProcessCpuTime());
                if (ex != null || !Arrays.equals(payload, answer)) {
                    failure.compareAndSet(null, (ex != null) ? ex.toString()
                            : "a request of " + payload.length + " bytes was not echoed");
                }
                room.release();
            });
        }
        if (!room.tryAcquire(inFlight, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still unanswered 30 s after the last was sent");
        }
        String failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
        return sent;
    }

    private void report(Run run) {
        List<Long> nanos = run.wall();
        String first = nanos.stream().limit(FIRST_SHOWN).map((time) -> String.format(Locale.ROOT, "%.1f", time / 1e6))
            .collect(Collectors.joining(","));
        System.out.println("  first " + FIRST_SHOWN + " (ms): " + first.replace(",", " "));
        List<Double> seconds = ratePerSecond(nanos);
        for (int i = 0; i < seconds.size(); i++) {
            System.out.printf(Locale.ROOT, "  second %2d: %7.1f MB/s%n", i + 1, seconds.get(i));
        }
        // medians, so that a moment when another process takes the CPU does not move the reference
        int warmFrom = firstOfLastSeconds(nanos, WARM_SECONDS);
        long warmNanos = median(nanos.subList(warmFrom, nanos.size()));
        // the process's CPU time has the resolution of a clock tick: only spans of many requests are measured
        double warmCpu = run.cpuBetween(warmFrom, nanos.size()) / (double) (nanos.size() - warmFrom);
        double warm = rate(1, warmNanos);
        int counted = Math.min(FIRST_COUNTED, nanos.size());
        long firstNanos = sum(nanos.subList(0, counted));
        long firstCpu = run.cpuBetween(0, counted);
        double slowdown = firstNanos / (double) (counted * warmNanos);
        double cpuSlowdown = firstCpu / (double) (counted * warmCpu);
        long slowSeconds = seconds.stream().filter((rate) -> rate < warm / 2).count();
        System.out.printf(Locale.ROOT, "warm: %.2f ms a request (the median of the last %d s; %.2f ms of CPU), "
                + "%.1f MB/s. The first %d requests took %.0f ms, %.2f× their time at the warm rate, and %.0f ms of "
                + "CPU, %.2f×; %d seconds ran below half the warm rate%n", warmNanos / 1e6, WARM_SECONDS, warmCpu / 1e6, warm,
                counted, firstNanos / 1e6, slowdown, firstCpu / 1e6, cpuSlowdown, slowSeconds);
        System.out.printf(Locale.ROOT, "{\"java\":\"%s\",\"protocol\":\"%s\",\"crypto_warm_up\":%b,"
                + "\"server_start_ms\":%d,\"client_build_ms\":%d,\"small_sizes\":[%s],\"small_requests\":%d,"
                + "\"large\":%d,\"first_ms\":[%s],\"warm_ms\":%.2f,\"warm_cpu_ms\":%.2f,\"warm_mb_per_s\":%.1f,"
                + "\"first_%d_ms\":%.0f,\"first_%d_slowdown\":%.2f,\"first_%d_cpu_ms\":%.0f,"
                + "\"first_%d_cpu_slowdown\":%.2f,\"seconds_below_half\":%d}%n",
                System.getProperty("java.version"), protocolName(), this.options.cryptoWarmUp(),
                run.serverStartMillis, run.clientBuildMillis, sizes(), run.smallRequests, this.options.large(), first,
                warmNanos / 1e6, warmCpu / 1e6, warm, counted, firstNanos / 1e6, counted, slowdown, counted,
                firstCpu / 1e6, counted, cpuSlowdown, slowSeconds);
    }

    private List<Double> ratePerSecond(List<Long> nanos) {
        List<Double> seconds = new ArrayList<>();
        long elapsed = 0;
        long secondStart = 0;
        int inSecond = 0;
        for (long time : nanos) {
            elapsed += time;
            inSecond++;
            if (elapsed - secondStart >= SECOND) {
                seconds.add(rate(inSecond, elapsed - secondStart));
                secondStart = elapsed;
                inSecond = 0;
            }
        }
        return seconds;
    }

    private static int firstOfLastSeconds(List<Long> nanos, int count) {
        long remaining = count * SECOND;
        int index = nanos.size();
        while (index > 0 && remaining > 0) {
            remaining -= nanos.get(--index);
        }
        return index;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    private double rate(int requests, long nanos) {
        return requests * (double) this.options.large() / (nanos / 1e9) / 1e6;
    }

    private byte[] payload(int size) {
        byte[] payload = new byte[size];
        this.random.nextBytes(payload);
        return payload;
    }

    private String sizes() {
        return Arrays.stream(this.options.small()).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    private String protocolName() {
        return (this.options.protocol() == ClientMode.V1) ? "v1" : "session";
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * One measurement: the start-up times and, for each large request in turn, its wall-clock time and the process's
     * CPU time when it completed.
     */
    private static final class Run {

        final long serverStartMillis;

        final long clientBuildMillis;

        long smallRequests;

        private final List<Long> wall = new ArrayList<>();

        private final List<Long> cpu = new ArrayList<>();

        private long cpuAtStart;

        Run(long serverStartMillis, long clientBuildMillis) {
            this.serverStartMillis = serverStartMillis;
            this.clientBuildMillis = clientBuildMillis;
        }

        synchronized void start(long cpuNanos) {
            this.cpuAtStart = cpuNanos;
        }

        synchronized void add(long wallNanos, long cpuNanos) {
            this.wall.add(wallNanos);
            this.cpu.add(cpuNanos);
        }

        /**
         * The CPU time the process spent on requests {@code from} (inclusive) to {@code to} (exclusive).
         */
        synchronized long cpuBetween(int from, int to) {
            return this.cpu.get(to - 1) - ((from == 0) ? this.cpuAtStart : this.cpu.get(from - 1));
        }

        synchronized List<Long> wall() {
            return List.copyOf(this.wall);
        }

    }

    /**
     * The settings of one measurement.
     * @param protocol what the client speaks
     * @param cryptoWarmUp whether the server and the client warm their crypto up
     * @param small the sizes of the small requests
     * @param smallSeconds how long small requests run
     * @param inFlight small requests in flight
     * @param large the size of the large requests
     * @param largeSeconds how long large requests run
     */
    private record Options(ClientMode protocol, boolean cryptoWarmUp, int[] small, int smallSeconds, int inFlight,
            int large, int largeSeconds) {

        static Options parse(String[] args) {
            ClientMode protocol = ClientMode.V1;
            boolean cryptoWarmUp = true;
            int[] small = { 64, 1024, 16384 };
            int smallSeconds = 5;
            int inFlight = 16;
            int large = 1 << 20;
            int largeSeconds = 20;
            for (String arg : args) {
                int equals = arg.indexOf('=');
                if (!arg.startsWith("--") || equals < 0) {
                    throw new IllegalArgumentException("'" + arg + "' is not of the form --name=value");
                }
                String name = arg.substring(2, equals);
                String value = arg.substring(equals + 1);
                switch (name) {
                    case "protocol" -> protocol = switch (value) {
                        case "v1" -> ClientMode.V1;
                        case "session" -> ClientMode.SESSION;
                        default -> throw new IllegalArgumentException("--protocol is v1 or session");
                    };
                    case "crypto-warm-up" -> cryptoWarmUp = switch (value) {
                        case "true" -> true;
                        case "false" -> false;
                        default -> throw new IllegalArgumentException("--crypto-warm-up is true or false");
                    };
                    case "small" -> small = Arrays.stream(value.split(","))
                        .mapToInt((size) -> number(name, size, 1, MAX_SIZE)).toArray();
                    case "small-seconds" -> smallSeconds = number(name, value, 0, Integer.MAX_VALUE);
                    case "in-flight" -> inFlight = number(name, value, 1, 1024);
                    case "large" -> large = number(name, value, 1, MAX_SIZE);
                    case "large-seconds" -> largeSeconds = number(name, value, 2 * WARM_SECONDS, Integer.MAX_VALUE);
                    default -> throw new IllegalArgumentException("unknown option --" + name);
                }
            }
            return new Options(protocol, cryptoWarmUp, small, smallSeconds, inFlight, large, largeSeconds);
        }

        private static int number(String name, String value, int min, int max) {
            try {
                int parsed = Integer.parseInt(value.strip());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            }
            catch (NumberFormatException ex) {
                // explained below
            }
            throw new IllegalArgumentException("--" + name + " must be a whole number from " + min + " to " + max
                    + " (got '" + value + "')");
        }

    }

}
