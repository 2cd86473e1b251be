package io.falcotcp.spring.actuate;

import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.falcotcp.client.FalcoClientStats;
import io.falcotcp.spring.client.FalcoClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of {@link FalcoClient}s, tagged with the client's name: authenticated connections, connection and
 * authentication failures, downgrades to plain v1, bytes received and sent. Request timers per
 * client and outcome come from the {@code falco.client.requests} observation.
 */
public class FalcoClientMetrics implements MeterBinder {

    private final List<FalcoClient> clients;

    /**
     * Creates the meters of clients.
     * @param clients the clients
     */
    public FalcoClientMetrics(List<FalcoClient> clients) {
        this.clients = List.copyOf(Objects.requireNonNull(clients, "clients must not be null"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (FalcoClient client : this.clients) {
            Gauge.builder("falco.client.connections.authenticated", client,
                    (c) -> c.getTcpClient().authenticatedConnections())
                .description("Authenticated connections of a FalcoTCP client")
                .baseUnit(BaseUnits.CONNECTIONS)
                .tag("client", client.getName())
                .register(registry);
            FalcoClientStats stats = client.getTcpClient().stats();
            counter(registry, client, "falco.client.connections.failures",
                    "Failed connection attempts and lost connections", BaseUnits.CONNECTIONS, stats,
                    FalcoClientStats::connectionFailures);
            counter(registry, client, "falco.client.authentication.failures",
                    "Connection attempts the server rejected at the handshake", BaseUnits.CONNECTIONS, stats,
                    FalcoClientStats::authenticationFailures);
            counter(registry, client, "falco.client.downgrades",
                    "Connections that fell back to plain v1 after the server answered the session hello as v1 "
                            + "(mode auto)", BaseUnits.CONNECTIONS, stats, FalcoClientStats::downgrades);
            counter(registry, client, "falco.client.bytes.received", "Bytes read from the client's connections",
                    BaseUnits.BYTES, stats, FalcoClientStats::bytesReceived);
            counter(registry, client, "falco.client.bytes.sent", "Bytes written to the client's connections",
                    BaseUnits.BYTES, stats, FalcoClientStats::bytesSent);
        }
    }

    private static void counter(MeterRegistry registry, FalcoClient client, String name, String description,
            String unit, FalcoClientStats stats, ToDoubleFunction<FalcoClientStats> count) {
        FunctionCounter.builder(name, stats, count)
            .description(description)
            .baseUnit(unit)
            .tag("client", client.getName())
            .register(registry);
    }

}
