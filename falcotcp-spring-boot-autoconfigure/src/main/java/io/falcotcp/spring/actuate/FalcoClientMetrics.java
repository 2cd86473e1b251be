package io.falcotcp.spring.actuate;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

import io.falcotcp.client.EndpointStatus;
import io.falcotcp.client.FalcoClientStats;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.spring.client.FalcoClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of {@link FalcoClient}s, tagged with the client's name: authenticated connections, connection and
 * authentication failures, downgrades to plain v1, bytes received and sent. Request timers per
 * client and outcome come from the {@code falco.client.requests} observation.
 * <p>
 * A client with a fixed list of 2 to {@value #MAX_TAGGED_ENDPOINTS} endpoints also gets meters per endpoint, tagged
 * with the client and the endpoint ({@code host:port}): authenticated connections, requests in flight, whether it
 * is ejected, connection failures. Clients whose endpoints come from DNS or a registry get none: their endpoints
 * come and go (each pod restart is a new address), and a tag per address ever seen would grow without bound.
 */
public class FalcoClientMetrics implements MeterBinder {

    /** The most endpoints of one client that get meters of their own. */
    public static final int MAX_TAGGED_ENDPOINTS = 16;

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
            bindEndpoints(registry, client);
        }
    }

    private static void bindEndpoints(MeterRegistry registry, FalcoClient client) {
        FalcoTcpClient tcpClient = client.getTcpClient();
        Map<String, FalcoClientStats> endpoints = tcpClient.endpointStats();
        if (!tcpClient.hasFixedEndpoints() || endpoints.size() < 2 || endpoints.size() > MAX_TAGGED_ENDPOINTS) {
            return;
        }
        endpoints.forEach((endpoint, stats) -> {
            Tags tags = Tags.of("client", client.getName(), "endpoint", endpoint);
            Gauge.builder("falco.client.endpoint.connections.authenticated", tcpClient,
                    (c) -> status(c, endpoint, EndpointStatus::authenticatedConnections))
                .description("Authenticated connections of a FalcoTCP client to one endpoint")
                .baseUnit(BaseUnits.CONNECTIONS)
                .tags(tags)
                .register(registry);
            Gauge.builder("falco.client.endpoint.requests.in-flight", tcpClient,
                    (c) -> status(c, endpoint, EndpointStatus::inFlight))
                .description("Requests on a FalcoTCP client's connections to one endpoint, not yet answered")
                .baseUnit("requests")
                .tags(tags)
                .register(registry);
            Gauge.builder("falco.client.endpoint.ejected", tcpClient,
                    (c) -> status(c, endpoint, (s) -> (s.state() == EndpointStatus.State.EJECTED) ? 1 : 0))
                .description("1 while an endpoint is ejected after a connection failure, else 0")
                .tags(tags)
                .register(registry);
            FunctionCounter.builder("falco.client.endpoint.connections.failures", stats,
                    FalcoClientStats::connectionFailures)
                .description("Failed connection attempts and lost connections to one endpoint")
                .baseUnit(BaseUnits.CONNECTIONS)
                .tags(tags)
                .register(registry);
        });
    }

    private static double status(FalcoTcpClient client, String endpoint, ToIntFunction<EndpointStatus> value) {
        for (EndpointStatus status : client.endpoints()) {
            if (status.endpoint().equals(endpoint)) {
                return value.applyAsInt(status);
            }
        }
        return 0;
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
