package io.falcotcp.spring.actuate;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.handler.FalcoHandlerRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of a {@link FalcoServer}: up while it listens, with the transport in use, the bound address
 * ({@code host:port}, or {@code local:<name>} in-process), the open connections and the routes; down when it is
 * stopped.
 */
public class FalcoServerHealthIndicator implements HealthIndicator {

    private final FalcoServer server;

    private final @Nullable FalcoHandlerRegistry registry;

    /**
     * Creates an indicator.
     * @param server the server
     * @param registry the handler registry, for the routes; {@code null} when a {@code RequestHandler} bean of the
     * application serves requests
     */
    public FalcoServerHealthIndicator(FalcoServer server, @Nullable FalcoHandlerRegistry registry) {
        this.server = Objects.requireNonNull(server, "server must not be null");
        this.registry = registry;
    }

    @Override
    public Health health() {
        SocketAddress address;
        String transport;
        try {
            address = this.server.localAddress();
            transport = this.server.transport().name();
        }
        catch (IllegalStateException ex) {
            return Health.down().withDetail("state", "stopped").build();
        }
        Health.Builder health = Health.up()
            .withDetail("transport", transport)
            .withDetail("address", describe(address))
            .withDetail("activeConnections", this.server.stats().activeConnections());
        if (this.registry != null) {
            List<String> routes = new ArrayList<>();
            if (this.registry.hasDefaultHandler()) {
                routes.add(FalcoHandlerRegistry.DEFAULT_ROUTE_TAG);
            }
            routes.addAll(this.registry.routes());
            health.withDetail("routes", routes);
        }
        return health.build();
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getHostString();
            return ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        // an in-process server: local:<name>
        return address.toString();
    }

}
