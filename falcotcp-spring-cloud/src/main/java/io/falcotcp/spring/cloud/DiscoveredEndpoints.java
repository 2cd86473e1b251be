package io.falcotcp.spring.cloud;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.falcotcp.client.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;

/**
 * Hands a client the endpoints of one service as discovery reports its instances: only when they change, and never
 * an empty list (an empty registry keeps the client's endpoints). A service without instances and a registry that
 * fails are each logged once, until discovery lists instances again.
 */
final class DiscoveredEndpoints {

    private static final Logger logger = LoggerFactory.getLogger(DiscoveredEndpoints.class);

    private final String serviceId;

    private final String property;

    private final InstanceEndpoints instanceEndpoints;

    private final Consumer<List<Endpoint>> listener;

    private List<Endpoint> current = List.of();

    private boolean troubleLogged;

    /**
     * Creates the updates of one client.
     * @param serviceId the service
     * @param property the property that names the service, for messages
     * @param instanceEndpoints the endpoint of each instance
     * @param listener the client's, taking each new list
     */
    DiscoveredEndpoints(String serviceId, String property, InstanceEndpoints instanceEndpoints,
            Consumer<List<Endpoint>> listener) {
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId must not be null");
        this.property = Objects.requireNonNull(property, "property must not be null");
        this.instanceEndpoints = Objects.requireNonNull(instanceEndpoints, "instanceEndpoints must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
    }

    /**
     * Takes the instances discovery lists now.
     * @param instances the service's instances
     */
    synchronized void instances(List<ServiceInstance> instances) {
        List<Endpoint> endpoints = this.instanceEndpoints.endpoints(instances);
        if (endpoints.isEmpty()) {
            if (!this.troubleLogged) {
                this.troubleLogged = true;
                logger.warn("Spring Cloud discovery lists no instance of service '{}' ({}); {}", this.serviceId,
                        this.property, keeping());
            }
            return;
        }
        if (this.troubleLogged) {
            this.troubleLogged = false;
            logger.info("Spring Cloud discovery lists {} instance(s) of service '{}' again", endpoints.size(),
                    this.serviceId);
        }
        if (endpoints.equals(this.current)) {
            return;
        }
        this.current = List.copyOf(endpoints);
        try {
            this.listener.accept(this.current);
        }
        catch (RuntimeException ex) {
            // a failing listener must not stop the next updates
            logger.warn("The instances of service '{}' could not be applied", this.serviceId, ex);
        }
    }

    /**
     * Takes a failure to ask discovery for the instances.
     * @param failure why discovery did not answer
     */
    synchronized void failed(Throwable failure) {
        if (!this.troubleLogged) {
            this.troubleLogged = true;
            logger.warn("Spring Cloud discovery did not list the instances of service '{}' ({}): {}; {}",
                    this.serviceId, this.property, failure.toString(), keeping());
        }
    }

    private String keeping() {
        return this.current.isEmpty() ? "requests wait for an instance, each up to its request timeout"
                : "the client keeps sending to " + this.current;
    }

}
