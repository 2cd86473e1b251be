package io.falcotcp.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.falcotcp.client.EndpointStatus;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.spring.client.FalcoClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of a {@link FalcoClient}: {@link Status#UP} while it holds at least one authenticated connection,
 * {@link #DISCONNECTED} otherwise, with the last connection failure. A server this application calls being away
 * says nothing about this application's own health, so {@code DISCONNECTED} is not one of Spring Boot's statuses:
 * status aggregation leaves it out, and neither the {@code falco} component nor {@code /actuator/health} turn
 * {@code DOWN} for it, unless a health group (readiness) lists it in its {@code status.order}. The details count
 * the connections in session mode and in plain v1, name the configured mode and list the endpoints, each with its
 * state ({@code up}, {@code ejected} with the instant it may return, or {@code connecting}), its authenticated
 * connections and its requests in flight. It opens no connection itself: the
 * client's pool reconnects on its own, so a health check costs no handshake. Failure messages of the core client
 * never contain the key.
 */
public class FalcoClientHealthIndicator implements HealthIndicator {

    /** The status of a client without an authenticated connection to its server. */
    public static final Status DISCONNECTED = new Status("DISCONNECTED",
            "no authenticated connection to the FalcoTCP server");

    private final FalcoClient client;

    /**
     * Creates an indicator.
     * @param client the client
     */
    public FalcoClientHealthIndicator(FalcoClient client) {
        this.client = Objects.requireNonNull(client, "client must not be null");
    }

    @Override
    public Health health() {
        FalcoTcpClient tcpClient = this.client.getTcpClient();
        int connections = tcpClient.authenticatedConnections();
        Health.Builder health = (connections > 0) ? Health.up() : Health.status(DISCONNECTED);
        health.withDetail("authenticatedConnections", connections)
            .withDetail("sessionConnections", tcpClient.sessionConnections())
            .withDetail("v1Connections", tcpClient.v1Connections())
            .withDetail("mode", tcpClient.mode().name().toLowerCase(Locale.ROOT))
            .withDetail("transport", tcpClient.transport().name())
            .withDetail("endpoints", tcpClient.endpoints().stream().map(FalcoClientHealthIndicator::details).toList());
        Throwable failure = tcpClient.lastFailure();
        if (connections == 0 && failure != null) {
            health.withDetail("error", failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
        return health.build();
    }

    private static Map<String, Object> details(EndpointStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("endpoint", status.endpoint());
        details.put("state", status.state().name().toLowerCase(Locale.ROOT));
        if (status.ejectedUntil() != null) {
            details.put("ejectedUntil", status.ejectedUntil().toString());
        }
        details.put("authenticatedConnections", status.authenticatedConnections());
        details.put("inFlight", status.inFlight());
        return details;
    }

}
