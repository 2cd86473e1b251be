package io.falcotcp.spring.cloud;

import io.falcotcp.spring.autoconfigure.FalcoClientAutoConfiguration;
import io.falcotcp.spring.autoconfigure.FalcoClientProperties;
import io.falcotcp.spring.autoconfigure.FalcoCodecAutoConfiguration;
import io.falcotcp.spring.cloud.DiscoveryEndpointSourceConfigurations.DiscoveryClientEndpointSourceConfiguration;
import io.falcotcp.spring.cloud.DiscoveryEndpointSourceConfigurations.LoadBalancerEndpointSourceConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link FalcoDiscoveryAutoConfiguration} applies, which way to the instances it takes, and how bad
 * configuration fails start-up.
 */
class FalcoDiscoveryAutoConfigurationTests {

    private final ApplicationContextRunner falcoOnly = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class, FalcoClientAutoConfiguration.class,
                FalcoDiscoveryAutoConfiguration.class))
        .withPropertyValues("falco.client.key=" + DiscoveryTestServers.KEY, "falco.client.crypto-warm-up=false");

    private final ApplicationContextRunner withDiscovery = this.falcoOnly.withConfiguration(AutoConfigurations.of(
            UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
            CompositeDiscoveryClientAutoConfiguration.class));

    private final ApplicationContextRunner withLoadBalancer = this.withDiscovery
        .withConfiguration(AutoConfigurations.of(LoadBalancerAutoConfiguration.class));

    @Test
    void theAutoConfigurationIsRegistered() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
            .contains(FalcoDiscoveryAutoConfiguration.class.getName());
    }

    @Test
    void withLoadBalancerTheInstancesComeFromTheServiceInstanceListSupplier() {
        this.withLoadBalancer.run((context) -> {
            assertThat(context).hasSingleBean(DiscoveryEndpointSourceCustomizer.class);
            assertThat(context).hasSingleBean(LoadBalancerEndpointSourceConfiguration.class);
            assertThat(context).doesNotHaveBean(DiscoveryClientEndpointSourceConfiguration.class);
        });
    }

    @Test
    void withoutLoadBalancerTheDiscoveryClientIsAsked() {
        this.withDiscovery.run((context) -> {
            assertThat(context).hasSingleBean(DiscoveryEndpointSourceCustomizer.class);
            assertThat(context).hasSingleBean(DiscoveryClientEndpointSourceConfiguration.class);
        });
    }

    @Test
    void withoutSpringWebWhichLoadBalancerNeedsTheDiscoveryClientIsAsked() {
        this.withLoadBalancer.withClassLoader(new FilteredClassLoader("org.springframework.web")).run((context) -> {
            assertThat(context).hasSingleBean(DiscoveryEndpointSourceCustomizer.class);
            assertThat(context).hasSingleBean(DiscoveryClientEndpointSourceConfiguration.class);
        });
    }

    @Test
    void withoutSpringCloudOnTheClassPathNothingIsConfigured() {
        this.falcoOnly.withClassLoader(new FilteredClassLoader(DiscoveryClient.class)).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(FalcoDiscoveryAutoConfiguration.class);
            assertThat(context).doesNotHaveBean(DiscoveryEndpointSourceCustomizer.class);
        });
    }

    @Test
    void withDiscoveryDisabledNothingIsConfigured() {
        this.withLoadBalancer.withPropertyValues("spring.cloud.discovery.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(DiscoveryEndpointSourceCustomizer.class));
    }

    @Test
    void aServiceIdThatNothingResolvesFailsStartUpNamingIt() {
        this.falcoOnly.withClassLoader(new FilteredClassLoader(DiscoveryClient.class))
            .withPropertyValues("falco.client.targets.orders.service-id=orders")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("falco.client.targets.orders.service-id")
                .hasMessageContaining("add falcotcp-spring-cloud"));
    }

    @Test
    void aServiceIdTogetherWithAHostFailsStartUpNamingIt() {
        this.withLoadBalancer
            .withPropertyValues("falco.client.targets.orders.service-id=orders",
                    "falco.client.targets.orders.host=orders.internal")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("falco.client.targets.orders.service-id")
                .hasMessageContaining("must not be set together with falco.client.targets.orders.host"));
    }

    @Test
    void aBlankServiceIdFailsStartUpNamingIt() {
        this.withLoadBalancer.withPropertyValues("falco.client.service-id= ")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("falco.client.service-id")
                .hasMessageContaining("must not be blank"));
    }

    @Test
    void aTargetWithoutServersOfItsOwnTakesTheDefaultServiceId() {
        this.withLoadBalancer
            .withPropertyValues("falco.client.service-id=orders", "falco.client.targets.bulk.pool-size=4",
                    "falco.client.targets.search.endpoints=127.0.0.1:7878")
            .run((context) -> {
                FalcoClientProperties clients = context.getBean(FalcoClientProperties.class);
                assertThat(clients.target("bulk").settings().getServiceId()).isEqualTo("orders");
                assertThat(clients.target("search").settings().getServiceId()).isNull();
            });
    }

    @Test
    void aRefreshIntervalOfZeroFailsStartUpNamingIt() {
        this.withLoadBalancer.withPropertyValues("falco.client.discovery.refresh-interval=0s")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("falco.client.discovery.refresh-interval")
                .hasMessageContaining("must be positive"));
    }

}
