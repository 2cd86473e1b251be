package io.falcotcp.spring.cloud;

import java.time.Duration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * How the FalcoTCP clients with a {@code service-id} follow the instances Spring Cloud discovery lists.
 */
@ConfigurationProperties("falco.client.discovery")
public class FalcoDiscoveryProperties implements InitializingBean {

    /**
     * How often the instances of a service are asked for again: from the DiscoveryClient, or from a LoadBalancer
     * ServiceInstanceListSupplier that answers once and completes (the default one; LoadBalancer's cache, when
     * configured, adds its spring.cloud.loadbalancer.cache.ttl to the delay).
     */
    private Duration refreshInterval = Duration.ofSeconds(30);

    /**
     * Metadata entry of an instance that holds its FalcoTCP port; an instance without it is reached on its
     * registered port.
     */
    private String portMetadataKey = "falco-port";

    public Duration getRefreshInterval() {
        return this.refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    public String getPortMetadataKey() {
        return this.portMetadataKey;
    }

    public void setPortMetadataKey(String portMetadataKey) {
        this.portMetadataKey = portMetadataKey;
    }

    /**
     * Checks the bound values, so that a bad one fails start-up naming its property.
     */
    @Override
    public void afterPropertiesSet() {
        if (this.refreshInterval.isNegative() || this.refreshInterval.isZero()) {
            throw new InvalidConfigurationPropertyValueException("falco.client.discovery.refresh-interval",
                    this.refreshInterval, "must be positive");
        }
        if (this.portMetadataKey.isBlank()) {
            throw new InvalidConfigurationPropertyValueException("falco.client.discovery.port-metadata-key",
                    this.portMetadataKey, "must not be blank");
        }
    }

}
