package io.falcotcp.spring.actuate;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.FalcoServerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of a {@link FalcoServer}'s live counters: open connections, accepted and rejected connections, failed
 * accepts, authentication failures, bytes in and out, rejected requests, decrypt and handler failures. Request timers per
 * route and outcome come from the {@code falco.server.requests} observation.
 */
public class FalcoServerMetrics implements MeterBinder {

    private final FalcoServer server;

    /**
     * Creates the meters of a server.
     * @param server the server
     */
    public FalcoServerMetrics(FalcoServer server) {
        this.server = Objects.requireNonNull(server, "server must not be null");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FalcoServerStats stats = this.server.stats();
        Gauge.builder("falco.server.connections.active", stats, FalcoServerStats::activeConnections)
            .description("Open FalcoTCP connections, established or in their handshake")
            .baseUnit(BaseUnits.CONNECTIONS)
            .register(registry);
        counter(registry, "falco.server.connections.accepted", "Connections accepted", BaseUnits.CONNECTIONS, stats,
                FalcoServerStats::acceptedConnections);
        counter(registry, "falco.server.connections.rejected", "Connections closed at accept: max-connections open",
                BaseUnits.CONNECTIONS, stats, FalcoServerStats::rejectedConnections);
        counter(registry, "falco.server.accept.failures",
                "Failed attempts to accept a connection, mostly for want of a file descriptor", BaseUnits.OPERATIONS,
                stats, FalcoServerStats::acceptFailures);
        counter(registry, "falco.server.authentication.failures",
                "Connections closed in the handshake: wrong key, bad first frame, timeout or full replay cache",
                BaseUnits.CONNECTIONS,
                stats, FalcoServerStats::authenticationFailures);
        Gauge.builder("falco.server.handshakes.pending", stats, FalcoServerStats::pendingHandshakes)
            .description("Connections in their handshake, not authenticated yet")
            .baseUnit(BaseUnits.CONNECTIONS)
            .register(registry);
        counter(registry, "falco.server.handshakes.evicted",
                "Pending connections closed to make room: pre-authentication budget or connection limit reached",
                BaseUnits.CONNECTIONS, stats, FalcoServerStats::evictedHandshakes);
        counter(registry, "falco.server.handshakes.replayed",
                "Handshakes refused as replays: auth frame seen before, or session hello outside the replay window",
                BaseUnits.CONNECTIONS, stats, FalcoServerStats::replayedHandshakes);
        counter(registry, "falco.server.handshakes.replay.cache.overflows",
                "Handshakes refused because the replay cache was full", BaseUnits.CONNECTIONS, stats,
                FalcoServerStats::replayCacheOverflows);
        counter(registry, "falco.server.handshakes.session", "Session hellos answered (one key agreement each)",
                BaseUnits.CONNECTIONS, stats, FalcoServerStats::sessionHandshakes);
        counter(registry, "falco.server.handshakes.session.version1",
                "Session hellos of the first session version answered (accept-session-version1)",
                BaseUnits.CONNECTIONS, stats, FalcoServerStats::sessionVersion1Handshakes);
        counter(registry, "falco.server.bytes.received", "Bytes read from all connections", BaseUnits.BYTES, stats,
                FalcoServerStats::bytesReceived);
        counter(registry, "falco.server.bytes.sent", "Bytes written to all connections", BaseUnits.BYTES, stats,
                FalcoServerStats::bytesSent);
        counter(registry, "falco.server.requests.rejected", "Requests refused by the full handler executor",
                "requests", stats, FalcoServerStats::rejectedRequests);
        counter(registry, "falco.server.decrypt.failures", "Messages that did not decrypt", "requests",
                stats, FalcoServerStats::decryptFailures);
        counter(registry, "falco.server.handler.failures", "Requests whose handler failed", "requests",
                stats, FalcoServerStats::handlerFailures);
        counter(registry, "falco.server.session.protocol.errors",
                "Session-mode connections closed for a frame that broke the session rules", BaseUnits.CONNECTIONS,
                stats, FalcoServerStats::sessionProtocolErrors);
    }

    private static void counter(MeterRegistry registry, String name, String description, String unit,
            FalcoServerStats stats, ToDoubleFunction<FalcoServerStats> count) {
        FunctionCounter.builder(name, stats, count).description(description).baseUnit(unit).register(registry);
    }

}
