package io.falcotcp.spring.cloud;

import io.falcotcp.spring.autoconfigure.FalcoClientAutoConfiguration;
import io.falcotcp.spring.autoconfigure.FalcoClientCustomizer;
import io.falcotcp.spring.autoconfigure.FalcoClientProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the FalcoTCP clients with a {@code service-id}: their endpoints are the service's instances
 * from Spring Cloud, through the service's LoadBalancer {@link ServiceInstanceListSupplier} when Spring Cloud
 * LoadBalancer (and spring-web, which it needs) is there, else through the {@link DiscoveryClient}, asked every
 * {@code falco.client.discovery.refresh-interval}.
 */
@AutoConfiguration(after = FalcoClientAutoConfiguration.class, afterName = {
        "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
        "org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration",
        "org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration" })
@ConditionalOnClass({ DiscoveryClient.class, FalcoClientCustomizer.class })
@ConditionalOnDiscoveryEnabled
@ConditionalOnBean(FalcoClientProperties.class)
@EnableConfigurationProperties(FalcoDiscoveryProperties.class)
// in this order: the DiscoveryClient is the fallback
@Import({ DiscoveryEndpointSourceConfigurations.LoadBalancerEndpointSourceConfiguration.class,
        DiscoveryEndpointSourceConfigurations.DiscoveryClientEndpointSourceConfiguration.class })
public final class FalcoDiscoveryAutoConfiguration {

}
