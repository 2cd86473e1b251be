package io.falcotcp.spring.cloud;

import java.util.Objects;

import io.falcotcp.client.EndpointSource;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.spring.autoconfigure.FalcoClientCustomizer;
import io.falcotcp.spring.autoconfigure.FalcoClientProperties;
import io.falcotcp.spring.autoconfigure.FalcoClientProperties.ClientSettings;
import io.falcotcp.spring.autoconfigure.FalcoClientProperties.Target;
import org.springframework.core.Ordered;

/**
 * Gives each auto-configured client with a {@code service-id} ({@code falco.client.service-id},
 * {@code falco.client.targets.<name>.service-id}) an {@link EndpointSource} that follows the service's instances.
 * It runs first, as part of the properties, so that the application's own customizers (and the test transport of
 * falcotcp-spring-boot-test) can still point a client elsewhere.
 */
final class DiscoveryEndpointSourceCustomizer implements FalcoClientCustomizer, Ordered {

    private final FalcoClientProperties clients;

    private final EndpointSourceFactory sources;

    /**
     * Creates the customizer.
     * @param clients the bound {@code falco.client} properties
     * @param sources makes the source of one service
     */
    DiscoveryEndpointSourceCustomizer(FalcoClientProperties clients, EndpointSourceFactory sources) {
        this.clients = Objects.requireNonNull(clients, "clients must not be null");
        this.sources = Objects.requireNonNull(sources, "sources must not be null");
    }

    @Override
    public void customize(String name, FalcoTcpClient.Builder builder) {
        boolean target = !"default".equals(name);
        ClientSettings settings = target ? this.clients.target(name) : this.clients.defaultClient();
        String serviceId = settings.serviceId();
        if (serviceId != null) {
            builder.endpointSource(this.sources.create(serviceId, property(name, target)));
        }
    }

    /**
     * The property that sets the client's service id: its own, or the default client's that a target inherits.
     */
    private String property(String name, boolean target) {
        Target own = target ? this.clients.getTargets().get(name) : null;
        return (own != null && own.getServiceId() != null) ? "falco.client.targets." + name + ".service-id"
                : "falco.client.service-id";
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /**
     * Makes the endpoint source of one service.
     */
    @FunctionalInterface
    interface EndpointSourceFactory {

        /**
         * Makes a source.
         * @param serviceId the service
         * @param property the property that names it, for messages
         * @return the source, not started
         */
        EndpointSource create(String serviceId, String property);

    }

}
