package io.falcotcp.spring.cloud;

import java.util.Objects;

import io.falcotcp.client.EndpointSource;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.spring.autoconfigure.ConfiguredClient;
import io.falcotcp.spring.autoconfigure.FalcoClientCustomizer;
import io.falcotcp.spring.autoconfigure.FalcoClientProperties;
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
        ConfiguredClient client = "default".equals(name) ? this.clients.defaultClient() : this.clients.target(name);
        String serviceId = client.settings().getServiceId();
        if (serviceId != null) {
            builder.endpointSource(this.sources.create(serviceId, client.property("service-id")));
        }
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
