package io.falcotcp.spring.cloud;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.falcotcp.client.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;

/**
 * The FalcoTCP endpoint of each instance of a service: its host, and the port its metadata names (a registered
 * port is usually the instance's HTTP port), else its registered port.
 */
final class InstanceEndpoints {

    private static final Logger logger = LoggerFactory.getLogger(InstanceEndpoints.class);

    private final String portMetadataKey;

    /**
     * Creates the mapping.
     * @param portMetadataKey the metadata entry that holds the FalcoTCP port
     */
    InstanceEndpoints(String portMetadataKey) {
        this.portMetadataKey = Objects.requireNonNull(portMetadataKey, "portMetadataKey must not be null");
    }

    /**
     * The endpoints of the instances, without repeats; an instance whose port is not a port is left out and logged.
     * @param instances the instances
     * @return their endpoints, in their order
     */
    List<Endpoint> endpoints(List<ServiceInstance> instances) {
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        for (ServiceInstance instance : instances) {
            String port = instance.getMetadata().get(this.portMetadataKey);
            try {
                endpoints.add(new Endpoint(instance.getHost(),
                        (port != null) ? Integer.parseInt(port.strip()) : instance.getPort()));
            }
            catch (IllegalArgumentException ex) {
                logger.warn("Instance {} of service {} is left out: its host {} and port {} (metadata {}: {}) are "
                        + "not an endpoint ({})", instance.getInstanceId(), instance.getServiceId(),
                        instance.getHost(), instance.getPort(), this.portMetadataKey, port, ex.getMessage());
            }
        }
        return new ArrayList<>(endpoints);
    }

}
