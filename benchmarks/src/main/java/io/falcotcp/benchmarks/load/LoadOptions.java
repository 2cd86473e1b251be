package io.falcotcp.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.transport.TransportKind;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one load-generator invocation, parsed from {@code --name=value} arguments.
 *
 * @param connections connections per target
 * @param inFlight requests kept in flight on each connection
 * @param payloadSize bytes of each request (echoed back)
 * @param warmup time driven before measuring
 * @param duration time measured
 * @param runs measured runs per target; the report gives the median
 * @param transport transport of the servers and clients
 * @param comparison the in-process comparison to run when there is no {@code server}
 * @param server the already running server to measure instead, or {@code null}
 * @param clientThreads event-loop threads of the client driving {@code server}
 */
record LoadOptions(int connections, int inFlight, int payloadSize, Duration warmup, Duration duration, int runs,
        TransportKind transport, Comparison comparison, @Nullable FalcoEndpoint server, int clientThreads) {

    /** The environment variable read for the external server's key when neither option gives it. */
    static final String KEY_VARIABLE = "FALCO_KEY";

    static final String USAGE = """
            Options (all optional):
              --connections=N     connections per target (default 16)
              --in-flight=K       requests in flight per connection (default 8)
              --payload=BYTES     request size, echoed back (default 64)
              --warmup=SECONDS    warm-up per run (default 3)
              --duration=SECONDS  measured time per run (default 10)
              --runs=R            runs per target, median reported (default 3)
              --transport=auto|io_uring|epoll|nio (default auto)
            In-process comparisons (servers and clients in this process, on loopback):
              --mode=ceiling|session|endpoints  ceiling: FalcoTCP v1 vs a plain Netty echo (default);
                                  session: FalcoTCP session mode on ONE connection with connections × in-flight
                                  requests in flight vs FalcoTCP plain v1 on N connections × in-flight;
                                  endpoints: one session-mode client over THREE servers (N connections to each)
                                  vs over one (N connections), connections × in-flight requests in flight
            An already running FalcoTCP server that echoes (selected by --port):
              --port=P            its port
              --host=H            its host (default 127.0.0.1)
              --key=K             its key, 64 hex digits or base64; or
              --key-file=FILE     a file holding it (raw 32 bytes, hex or base64); otherwise the environment
                                  variable FALCO_KEY
              --protocol=v1|session  plain v1, or the session mode, which the server must offer (default v1)
              --client-threads=T  event-loop threads of the driving client (default: available processors)""";

    private static final Set<String> NAMES = Set.of("connections", "in-flight", "payload", "warmup", "duration",
            "runs", "transport", "mode", "port", "host", "key", "key-file", "protocol", "client-threads");

    private static final Set<String> EXTERNAL_ONLY = Set.of("host", "key", "key-file", "protocol",
            "client-threads");

    private static final int MAX_PAYLOAD = ProtocolV1.DEFAULT_MAX_FRAME_SIZE - ProtocolV1.SEAL_OVERHEAD;

    /**
     * Parses the arguments of an invocation.
     * @param args {@code --name=value} arguments
     * @param environment the process environment, for {@value #KEY_VARIABLE}
     * @return the settings
     * @throws IllegalArgumentException naming the option to fix; never quoting a key
     */
    static LoadOptions parse(List<String> args, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                // not quoted: it may be a key given as "--key K"
                throw new IllegalArgumentException("argument " + (i + 1) + " is not of the form --name=value\n"
                        + USAGE);
            }
            String name = arg.substring(2, equals);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
            if (values.put(name, arg.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        boolean external = values.containsKey("port");
        if (external && values.containsKey("mode")) {
            throw new IllegalArgumentException("--mode chooses an in-process comparison; with --port the load "
                    + "generator measures that server instead (choose its protocol with --protocol)");
        }
        if (!external) {
            for (String name : EXTERNAL_ONLY) {
                if (values.containsKey(name)) {
                    throw new IllegalArgumentException("--" + name + " is for an already running server: give its "
                            + "--port too");
                }
            }
        }
        int connections = number(values, "connections", 16, 1, Integer.MAX_VALUE);
        int inFlight = number(values, "in-flight", 8, 1, Integer.MAX_VALUE);
        if ((long) connections * inFlight > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--connections × --in-flight must stay below 2^31");
        }
        return new LoadOptions(connections, inFlight,
                number(values, "payload", 64, 0, MAX_PAYLOAD),
                Duration.ofSeconds(number(values, "warmup", 3, 0, Integer.MAX_VALUE)),
                Duration.ofSeconds(number(values, "duration", 10, 1, Integer.MAX_VALUE)),
                number(values, "runs", 3, 1, Integer.MAX_VALUE),
                transport(values.get("transport")),
                comparison(values.get("mode")),
                external ? server(values, environment) : null,
                number(values, "client-threads", Runtime.getRuntime().availableProcessors(), 1, 1024));
    }

    private static FalcoEndpoint server(Map<String, String> values, Map<String, String> environment) {
        String host = values.getOrDefault("host", "127.0.0.1").strip();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("--host must not be empty");
        }
        int port = number(values, "port", 0, 1, 65535);
        WireProtocol protocol = switch (values.getOrDefault("protocol", "v1")) {
            case "v1" -> WireProtocol.V1;
            case "session" -> WireProtocol.SESSION;
            default -> throw new IllegalArgumentException("--protocol is v1 or session (got '"
                    + values.get("protocol") + "')");
        };
        return new FalcoEndpoint(host, port, key(values, environment), protocol);
    }

    private static FalcoKey key(Map<String, String> values, Map<String, String> environment) {
        String text = values.get("key");
        String file = values.get("key-file");
        if (text != null && file != null) {
            throw new IllegalArgumentException("give the key once: --key or --key-file, not both");
        }
        try {
            if (text != null) {
                return FalcoKey.parse(text);
            }
            if (file != null) {
                return FalcoKey.fromFile(Path.of(file));
            }
        }
        catch (IllegalArgumentException ex) {
            // FalcoKey's messages name the problem without quoting the key
            throw new IllegalArgumentException(((text != null) ? "--key: " : "--key-file: ") + ex.getMessage());
        }
        String variable = environment.get(KEY_VARIABLE);
        if (variable == null || variable.isBlank()) {
            throw new IllegalArgumentException("the server's key is missing: give --key=HEX_OR_BASE64, "
                    + "--key-file=FILE or the environment variable " + KEY_VARIABLE);
        }
        try {
            return FalcoKey.parse(variable);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("the environment variable " + KEY_VARIABLE + ": " + ex.getMessage());
        }
    }

    private static int number(Map<String, String> values, String name, int defaultValue, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--" + name + " must be a whole number (got '" + value + "')");
        }
        if (parsed < min || parsed > max) {
            String range = (max == Integer.MAX_VALUE) ? "at least " + min : "between " + min + " and " + max;
            throw new IllegalArgumentException("--" + name + " must be " + range + " (got " + parsed + ")");
        }
        return parsed;
    }

    private static TransportKind transport(@Nullable String value) {
        if (value == null) {
            return TransportKind.AUTO;
        }
        try {
            return TransportKind.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("--transport is auto, io_uring, epoll or nio (got '" + value + "')");
        }
    }

    private static Comparison comparison(@Nullable String value) {
        if (value == null) {
            return Comparison.CEILING;
        }
        return switch (value) {
            case "ceiling" -> Comparison.CEILING;
            case "session" -> Comparison.SESSION;
            case "endpoints" -> Comparison.ENDPOINTS;
            default -> throw new IllegalArgumentException("--mode is ceiling, session or endpoints (got '" + value
                    + "')");
        };
    }

}
