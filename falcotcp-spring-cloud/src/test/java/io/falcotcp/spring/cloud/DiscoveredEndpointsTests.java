package io.falcotcp.spring.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.falcotcp.client.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client is handed as discovery reports: changes only, never an empty list.
 */
class DiscoveredEndpointsTests {

    private final List<List<Endpoint>> handed = new ArrayList<>();

    private final DiscoveredEndpoints updates = new DiscoveredEndpoints("orders", "falco.client.service-id",
            new InstanceEndpoints("falco-port"), this.handed::add);

    @Test
    void theSameInstancesAgainAreNotHandedAgain() {
        this.updates.instances(List.of(instance("a")));
        this.updates.instances(List.of(instance("a")));
        this.updates.instances(List.of(instance("a"), instance("b")));
        assertThat(this.handed).containsExactly(List.of(new Endpoint("a", 7878)),
                List.of(new Endpoint("a", 7878), new Endpoint("b", 7878)));
    }

    @Test
    void noInstanceOrAFailureKeepsTheEndpointsTheClientHas() {
        this.updates.instances(List.of());
        this.updates.instances(List.of(instance("a")));
        this.updates.instances(List.of());
        this.updates.failed(new IllegalStateException("registry down"));
        this.updates.instances(List.of(instance("a")));
        assertThat(this.handed).containsExactly(List.of(new Endpoint("a", 7878)));
    }

    private static ServiceInstance instance(String host) {
        return new DefaultServiceInstance(host, "orders", host, 8080, false, Map.of("falco-port", "7878"));
    }

}
