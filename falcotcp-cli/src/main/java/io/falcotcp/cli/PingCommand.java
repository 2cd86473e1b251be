package io.falcotcp.cli;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.falcotcp.client.FalcoClientException;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.client.FalcoTimeoutException;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.protocol.SessionFeature;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code falcotcp ping}: connects and authenticates, says which mode and features were negotiated, and times a few
 * round trips of empty requests to the server's default handler.
 */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = { "Connect, authenticate, show the negotiated mode and features, and time round trips.",
                "Each round trip is an empty request to the server's default handler; any answer counts, a failure "
                        + "status too (a server without a default handler answers UNKNOWN_ROUTE)." })
final class PingCommand implements Callable<Integer> {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final CliContext context;

    @Spec
    private @Nullable CommandSpec spec;

    @Mixin
    private ServerOptions server = new ServerOptions();

    @Mixin
    private ServerOptions.ClientOptions client = new ServerOptions.ClientOptions();

    @Mixin
    private KeyOptions key = new KeyOptions();

    @Option(names = { "-c", "--count" }, paramLabel = "N", defaultValue = "3",
            description = "Round trips to time (default 3).")
    private int count = 3;

    @Option(names = "--compression", description = "Ask for LZ4 compression, to see whether the server offers it.")
    private boolean compression;

    PingCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        CommandLine commandLine = Objects.requireNonNull(this.spec, "spec").commandLine();
        if (this.count < 1) {
            throw new CommandLine.ParameterException(commandLine, "--count must be at least 1 (got " + this.count + ")");
        }
        ServerOptions.Endpoint endpoint = this.server.endpoint(commandLine);
        FalcoKey pingKey = this.key.resolve(this.context, commandLine);
        long start = System.nanoTime();
        try (FalcoTcpClient falco = this.client.clientBuilder(endpoint, commandLine).key(pingKey)
                .compression(this.compression).build()) {
            Throwable failure = awaitAuthenticated(falco, start + this.client.connectTimeout().toNanos());
            if (failure != null) {
                return fail(failure);
            }
            long handshake = System.nanoTime() - start;
            this.context.out().printf(Locale.ROOT, "%s: connected and authenticated in %s%n", endpoint,
                    millis(handshake));
            this.context.out().println("mode: " + mode(falco));
            return timeRoundTrips(falco);
        }
        catch (FalcoClientException ex) {
            return fail(ex);
        }
    }

    /**
     * Waits until the client's connection is established or has failed.
     * @return why it failed, or {@code null} once established
     */
    private static @Nullable Throwable awaitAuthenticated(FalcoTcpClient falco, long deadline)
            throws InterruptedException {
        while (falco.authenticatedConnections() == 0) {
            Throwable failure = falco.lastFailure();
            if (failure != null) {
                return failure;
            }
            if (System.nanoTime() - deadline > 0) {
                return new FalcoTimeoutException("no connection established within --connect-timeout");
            }
            TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
        }
        return null;
    }

    private static String mode(FalcoTcpClient falco) {
        if (falco.sessionConnections() == 0) {
            return "plain FalcoTCP v1 (no forward secrecy, no replay protection, no routes or statuses)";
        }
        Set<SessionFeature> features = falco.sessionFeatures();
        return "session (X25519 session keys, counter nonces, multiplexed requests); features: "
                + (features.isEmpty() ? "none" : features.stream()
                        .map((feature) -> feature.name().toLowerCase(Locale.ROOT)).sorted()
                        .collect(Collectors.joining(", ")));
    }

    private int timeRoundTrips(FalcoTcpClient falco) {
        long min = Long.MAX_VALUE;
        long max = 0;
        long total = 0;
        for (int i = 1; i <= this.count; i++) {
            long sent = System.nanoTime();
            String outcome;
            try {
                falco.request(new byte[0]);
                outcome = "OK";
            }
            catch (FalcoRemoteException ex) {
                // an answer all the same: the round trip is what is measured
                RequestStatus status = ex.status();
                outcome = (status != null) ? status.name() : "empty response (the v1 handler failed)";
            }
            long rtt = System.nanoTime() - sent;
            min = Math.min(min, rtt);
            max = Math.max(max, rtt);
            total += rtt;
            this.context.out().printf(Locale.ROOT, "round trip %d: %s (%s)%n", i, millis(rtt), outcome);
        }
        this.context.out().printf(Locale.ROOT, "round trips: min %s, avg %s, max %s%n", millis(min),
                millis(total / this.count), millis(max));
        return ExitCode.OK;
    }

    private int fail(Throwable failure) {
        ClientFailure explained = ClientFailure.of(failure);
        this.context.err().println("falcotcp ping: " + explained.message());
        return explained.exitCode();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

}
