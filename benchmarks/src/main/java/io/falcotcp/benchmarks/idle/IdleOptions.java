package io.falcotcp.benchmarks.idle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one {@link IdleConnections} invocation, parsed from {@code --name=value} arguments.
 *
 * @param modes the modes measured, each with a server process of its own
 * @param counts the connection counts measured, ascending
 * @param warmup connections opened and closed before the baseline is read
 * @param settle how long the connections stay idle before each reading
 * @param histogram the count at which the server's class histogram is written, or {@code null}
 * @param out where histograms go
 * @param transport the server's transport
 * @param serverJavaOptions options of the server's JVM
 * @param clientThreads threads opening connections
 * @param perAddress connections per loopback source address
 * @param timeout the bound of the whole invocation
 */
record IdleOptions(List<IdleMode> modes, List<Integer> counts, int warmup, Duration settle,
        @Nullable Integer histogram, Path out, String transport, List<String> serverJavaOptions, int clientThreads, int perAddress, Duration timeout) {

    /** Open files a process may hold here ({@code ulimit -Hn}), less room for the JVM's own. */
    static final int MAX_CONNECTIONS = 19_500;

    /** A fixed, pre-touched heap: its pages are resident from the start, whatever the collector does. */
    static final List<String> DEFAULT_SERVER_JAVA_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");

    static final String USAGE = """
            Options (all optional):
              --mode=v1|session|both   how the connections authenticate (default both, one server process each)
              --counts=N,N,...         connection counts measured, ascending (default 5000,10000,19000; at most %d)
              --warmup=N               connections opened and closed before the baseline (default: the largest
                                       count, so that one-time growth is in the baseline)
              --settle=SECONDS         how long the connections stay idle before each reading (default 5)
              --histogram=N            write the server's class histogram at N connections (one of the counts)
              --out=DIR                where histograms go (default: the current directory)
              --transport=auto|io_uring|epoll|nio  the server's transport (default auto)
              --server-java-options='OPTS'  options of the server's JVM, separated by spaces (default
                                       '%s': a heap that never grows or shrinks, so that
                                       the RSS growth is the memory outside the heap)
              --client-threads=T       threads opening connections (default 4)
              --per-address=N          connections per loopback source address, 127.0.0.2 up (default 4000)
              --timeout=SECONDS        bound of the whole invocation (default 1200)""".formatted(MAX_CONNECTIONS,
            String.join(" ", IdleOptions.DEFAULT_SERVER_JAVA_OPTIONS));

    private static final Set<String> NAMES = Set.of("mode", "counts", "warmup", "settle", "histogram", "out", "transport",
            "server-java-options", "client-threads", "per-address", "timeout");

    private static final Set<String> TRANSPORTS = Set.of("auto", "io_uring", "epoll", "nio");

    /**
     * Parses the arguments of an invocation.
     * @param args {@code --name=value} arguments
     * @return the settings
     * @throws IllegalArgumentException naming the option to fix
     */
    static IdleOptions parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("'" + arg + "' is not of the form --name=value\n" + USAGE);
            }
            String name = arg.substring(2, equals);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
            if (values.put(name, arg.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        List<IdleMode> modes = switch (values.getOrDefault("mode", "both")) {
            case "v1" -> List.of(IdleMode.V1);
            case "session" -> List.of(IdleMode.SESSION);
            case "both" -> List.of(IdleMode.V1, IdleMode.SESSION);
            default -> throw new IllegalArgumentException("--mode is v1, session or both (got '" + values.get("mode")
                    + "')");
        };
        List<Integer> counts = counts(values.getOrDefault("counts", "5000,10000,19000"));
        String histogramValue = values.get("histogram");
        Integer histogram = (histogramValue != null) ? number("histogram", histogramValue, 1, MAX_CONNECTIONS) : null;
        if (histogram != null && !counts.contains(histogram)) {
            throw new IllegalArgumentException("--histogram must be one of the counts " + counts + " (got "
                    + histogram + ")");
        }
        String transport = values.getOrDefault("transport", "auto").toLowerCase(Locale.ROOT).replace('-', '_');
        if (!TRANSPORTS.contains(transport)) {
            throw new IllegalArgumentException("--transport is auto, io_uring, epoll or nio (got '"
                    + values.get("transport") + "')");
        }
        String javaOptions = values.getOrDefault("server-java-options",
                String.join(" ", DEFAULT_SERVER_JAVA_OPTIONS)).strip();
        int largest = counts.get(counts.size() - 1);
        return new IdleOptions(modes, counts,
                number("warmup", values.getOrDefault("warmup", String.valueOf(largest)), 0, MAX_CONNECTIONS),
                Duration.ofSeconds(number("settle", values.getOrDefault("settle", "5"), 0, 3600)), histogram,
                Path.of(values.getOrDefault("out", ".")), transport,
                javaOptions.isEmpty() ? List.of() : Arrays.asList(javaOptions.split("\\s+")),
                number("client-threads", values.getOrDefault("client-threads", "4"), 1, 64),
                number("per-address", values.getOrDefault("per-address", "4000"), 1, 28_000),
                Duration.ofSeconds(number("timeout", values.getOrDefault("timeout", "1200"), 1, 86_400)));
    }

    /**
     * The most connections open at once.
     * @return the largest count
     */
    int maxCount() {
        return Math.max(this.warmup, this.counts.get(this.counts.size() - 1));
    }

    private static List<Integer> counts(String value) {
        List<Integer> counts = new ArrayList<>();
        for (String part : value.split(",")) {
            int count = number("counts", part, 1, MAX_CONNECTIONS);
            if (!counts.isEmpty() && count <= counts.get(counts.size() - 1)) {
                throw new IllegalArgumentException("--counts must be ascending (got " + value + ")");
            }
            counts.add(count);
        }
        return List.copyOf(counts);
    }

    private static int number(String name, String value, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--" + name + " must be a whole number (got '" + value + "')");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + " (got "
                    + parsed + ")");
        }
        return parsed;
    }

}
