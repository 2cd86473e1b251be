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
 * Meters of a {@link FalcoServer}'s live counters: open connections, accepted and rejected connections,
 * authentication failures, bytes in and out, rejected requests, decrypt and handler failures. Request timers per
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
        counter(registry, "falco.server.authentication.failures",
                "Connections closed in the handshake: wrong key, bad first frame or timeout", BaseUnits.CONNECTIONS,
                stats, FalcoServerStats::authenticationFailures);
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
