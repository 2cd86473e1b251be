package io.falcotcp.spring.cloud;

import io.falcotcp.spring.autoconfigure.FalcoClientProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two ways to the instances of a service, imported by {@link FalcoDiscoveryAutoConfiguration} in order: the
 * first that applies gives the {@link DiscoveryEndpointSourceCustomizer}.
 */
final class DiscoveryEndpointSourceConfigurations {

    private DiscoveryEndpointSourceConfigurations() {
    }

    // the LoadBalancer's per-service configuration declares a bean of spring-web's: without spring-web, the
    // service's supplier cannot be made, and the DiscoveryClient is asked directly
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(value = ServiceInstanceListSupplier.class,
            name = "org.springframework.web.accept.ApiVersionParser")
    @ConditionalOnBean(LoadBalancerClientFactory.class)
    static final class LoadBalancerEndpointSourceConfiguration {

        @Bean
        DiscoveryEndpointSourceCustomizer falcoDiscoveryEndpointSourceCustomizer(FalcoClientProperties clients,
                FalcoDiscoveryProperties discovery, ObjectProvider<LoadBalancerClientFactory> loadBalancers) {
            InstanceEndpoints instanceEndpoints = new InstanceEndpoints(discovery.getPortMetadataKey());
            return new DiscoveryEndpointSourceCustomizer(clients,
                    (serviceId, property) -> new LoadBalancerEndpointSource(
                            () -> instanceSupplier(loadBalancers.getObject(), serviceId), serviceId, property,
                            instanceEndpoints, discovery.getRefreshInterval()));
        }

        private static ServiceInstanceListSupplier instanceSupplier(LoadBalancerClientFactory loadBalancers,
                String serviceId) {
            ServiceInstanceListSupplier supplier = loadBalancers.getInstance(serviceId,
                    ServiceInstanceListSupplier.class);
            if (supplier == null) {
                throw new IllegalStateException("the LoadBalancer configuration of service '" + serviceId
                        + "' has no ServiceInstanceListSupplier");
            }
            return supplier;
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(DiscoveryEndpointSourceCustomizer.class)
    @ConditionalOnBean(DiscoveryClient.class)
    static final class DiscoveryClientEndpointSourceConfiguration {

        @Bean
        DiscoveryEndpointSourceCustomizer falcoDiscoveryEndpointSourceCustomizer(FalcoClientProperties clients,
                FalcoDiscoveryProperties discovery, DiscoveryClient discoveryClient) {
            InstanceEndpoints instanceEndpoints = new InstanceEndpoints(discovery.getPortMetadataKey());
            return new DiscoveryEndpointSourceCustomizer(clients,
                    (serviceId, property) -> new DiscoveryClientEndpointSource(discoveryClient, serviceId, property,
                            instanceEndpoints, discovery.getRefreshInterval()));
        }

    }

}
