package io.falcotcp.benchmarks.load;

import java.time.Duration;
import java.util.Locale;

import io.falcotcp.transport.TransportKind;

/**
 * Settings of one load-generator invocation, parsed from {@code --name=value} arguments.
 *
 * @param connections connections per target
 * @param inFlight requests kept in flight on each connection
 * @param payloadSize bytes of each request (echoed back)
 * @param warmup time driven before measuring
 * @param duration time measured
 * @param runs measured runs per target; the report gives the median
 * @param transport transport of both servers and clients
 * @param sessionMode compare FalcoTCP session mode on one connection with plain v1 instead of v1 with the ceiling
 */
record LoadOptions(int connections, int inFlight, int payloadSize, Duration warmup, Duration duration, int runs,
        TransportKind transport, boolean sessionMode) {

    static final String USAGE = """
            Options (all optional):
              --connections=N   connections per target (default 16)
              --in-flight=K     requests in flight per connection (default 8)
              --payload=BYTES   request size, echoed back (default 64)
              --warmup=SECONDS  warm-up per run (default 3)
              --duration=SECONDS measured time per run (default 10)
              --runs=R          runs per target, median reported (default 3)
              --transport=auto|io_uring|epoll|nio (default auto)
              --mode=ceiling|session  ceiling: FalcoTCP v1 vs a plain Netty echo (default);
                                session: FalcoTCP session mode on ONE connection with connections × in-flight
                                requests in flight vs FalcoTCP plain v1 on N connections × in-flight""";

    static LoadOptions parse(String... args) {
        int connections = 16;
        int inFlight = 8;
        int payload = 64;
        long warmup = 3;
        long duration = 10;
        int runs = 3;
        TransportKind transport = TransportKind.AUTO;
        boolean sessionMode = false;
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("unrecognised argument '" + arg + "'\n" + USAGE);
            }
            String name = arg.substring(2, equals);
            String value = arg.substring(equals + 1);
            switch (name) {
                case "connections" -> connections = positive(name, value);
                case "in-flight" -> inFlight = positive(name, value);
                case "payload" -> payload = Integer.parseInt(value);
                case "warmup" -> warmup = Long.parseLong(value);
                case "duration" -> duration = positive(name, value);
                case "runs" -> runs = positive(name, value);
                case "transport" -> transport = TransportKind.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
                case "mode" -> sessionMode = switch (value) {
                    case "session" -> true;
                    case "ceiling" -> false;
                    default -> throw new IllegalArgumentException("--mode is ceiling or session (got " + value + ")");
                };
                default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
        }
        return new LoadOptions(connections, inFlight, payload, Duration.ofSeconds(warmup), Duration.ofSeconds(duration),
                runs, transport, sessionMode);
    }

    private static int positive(String name, String value) {
        int parsed = Integer.parseInt(value);
        if (parsed <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive (got " + value + ")");
        }
        return parsed;
    }

}
