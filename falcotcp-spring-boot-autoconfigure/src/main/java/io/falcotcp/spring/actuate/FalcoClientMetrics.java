package io.falcotcp.spring.actuate;

import java.util.List;
import java.util.Objects;

import io.falcotcp.spring.client.FalcoClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of {@link FalcoClient}s: the authenticated connections of each, tagged with its name. Request timers per
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
        }
    }

}
