package io.falcotcp.spring.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.falcotcp.client.Endpoint;
import io.falcotcp.client.EndpointSource;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * The endpoints of a service, asked of a {@link DiscoveryClient} at a fixed interval. The call may block (a request
 * to the registry), so it runs on a thread of its own, never on an event loop.
 */
final class DiscoveryClientEndpointSource implements EndpointSource {

    private final DiscoveryClient discoveryClient;

    private final String serviceId;

    private final String property;

    private final InstanceEndpoints instanceEndpoints;

    private final Duration interval;

    private final ScheduledExecutorService executor;

    /**
     * Creates a source.
     * @param discoveryClient the application's discovery client
     * @param serviceId the service
     * @param property the property that names the service, for messages
     * @param instanceEndpoints the endpoint of each instance
     * @param interval how often to ask again
     */
    DiscoveryClientEndpointSource(DiscoveryClient discoveryClient, String serviceId, String property,
            InstanceEndpoints instanceEndpoints, Duration interval) {
        this.discoveryClient = Objects.requireNonNull(discoveryClient, "discoveryClient must not be null");
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId must not be null");
        this.property = Objects.requireNonNull(property, "property must not be null");
        this.instanceEndpoints = Objects.requireNonNull(instanceEndpoints, "instanceEndpoints must not be null");
        this.interval = Objects.requireNonNull(interval, "interval must not be null");
        this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, "falcotcp-discovery-" + serviceId);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void start(Consumer<List<Endpoint>> listener) {
        DiscoveredEndpoints updates = new DiscoveredEndpoints(this.serviceId, this.property, this.instanceEndpoints,
                listener);
        this.executor.scheduleWithFixedDelay(() -> poll(updates), 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void poll(DiscoveredEndpoints updates) {
        try {
            updates.instances(this.discoveryClient.getInstances(this.serviceId));
        }
        catch (RuntimeException ex) {
            // a failed poll must not cancel the next ones
            updates.failed(ex);
        }
    }

    @Override
    public void close() {
        this.executor.shutdownNow();
    }

    /**
     * {@code discovery:<service-id>}.
     * @return the source for messages
     */
    @Override
    public String toString() {
        return "discovery:" + this.serviceId;
    }

}
