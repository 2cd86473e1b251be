package io.falcotcp.spring.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.falcotcp.client.Endpoint;
import io.falcotcp.client.EndpointSource;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * The endpoints of a service from its Spring Cloud LoadBalancer {@link ServiceInstanceListSupplier}, so that the
 * service's LoadBalancer configuration (caching, health checks, zone preference) applies. A supplier that keeps
 * emitting (a health-checking one) is followed as it emits; one that answers once and completes (the default,
 * built on the DiscoveryClient) is asked again every interval, as is one that fails.
 */
final class LoadBalancerEndpointSource implements EndpointSource {

    private final Supplier<ServiceInstanceListSupplier> instanceSupplier;

    private final String serviceId;

    private final String property;

    private final InstanceEndpoints instanceEndpoints;

    private final Duration interval;

    private volatile @Nullable Disposable subscription;

    private volatile boolean closed;

    /**
     * Creates a source.
     * @param instanceSupplier looks the service's supplier up, when the client starts
     * @param serviceId the service
     * @param property the property that names the service, for messages
     * @param instanceEndpoints the endpoint of each instance
     * @param interval how long to wait before asking again after the supplier completed or failed
     */
    LoadBalancerEndpointSource(Supplier<ServiceInstanceListSupplier> instanceSupplier, String serviceId,
            String property, InstanceEndpoints instanceEndpoints, Duration interval) {
        this.instanceSupplier = Objects.requireNonNull(instanceSupplier, "instanceSupplier must not be null");
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId must not be null");
        this.property = Objects.requireNonNull(property, "property must not be null");
        this.instanceEndpoints = Objects.requireNonNull(instanceEndpoints, "instanceEndpoints must not be null");
        this.interval = Objects.requireNonNull(interval, "interval must not be null");
    }

    @Override
    public void start(Consumer<List<Endpoint>> listener) {
        DiscoveredEndpoints updates = new DiscoveredEndpoints(this.serviceId, this.property, this.instanceEndpoints,
                listener);
        Disposable started = Flux.defer(() -> this.instanceSupplier.get().get())
            .repeatWhen((completions) -> completions.delayElements(this.interval))
            .doOnError(updates::failed)
            .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, this.interval))
            .subscribe(updates::instances);
        this.subscription = started;
        if (this.closed) {
            started.dispose();
        }
    }

    @Override
    public void close() {
        this.closed = true;
        Disposable current = this.subscription;
        if (current != null) {
            current.dispose();
        }
    }

    /**
     * {@code loadbalancer:<service-id>}.
     * @return the source for messages
     */
    @Override
    public String toString() {
        return "loadbalancer:" + this.serviceId;
    }

}
