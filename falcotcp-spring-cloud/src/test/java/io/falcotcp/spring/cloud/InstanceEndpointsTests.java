package io.falcotcp.spring.cloud;

import java.util.List;
import java.util.Map;

import io.falcotcp.client.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint of each instance: the port of its metadata, else its registered port.
 */
class InstanceEndpointsTests {

    private final InstanceEndpoints instanceEndpoints = new InstanceEndpoints("falco-port");

    @Test
    void theMetadataPortWinsOverTheRegisteredPort() {
        assertThat(this.instanceEndpoints.endpoints(List.of(instance("a", 8080, Map.of("falco-port", "7878")))))
            .containsExactly(new Endpoint("a", 7878));
    }

    @Test
    void anInstanceWithoutTheMetadataIsReachedOnItsRegisteredPort() {
        assertThat(this.instanceEndpoints.endpoints(List.of(instance("a", 7900, Map.of("other", "1")))))
            .containsExactly(new Endpoint("a", 7900));
    }

    @Test
    void anInstanceWhosePortIsNotAPortIsLeftOut() {
        assertThat(this.instanceEndpoints.endpoints(List.of(instance("a", 8080, Map.of("falco-port", "http")),
                instance("b", 8080, Map.of("falco-port", "70000")), instance("c", 8080, Map.of("falco-port", "7878")))))
            .containsExactly(new Endpoint("c", 7878));
    }

    @Test
    void twoInstancesOnOneEndpointGiveItOnce() {
        assertThat(this.instanceEndpoints.endpoints(List.of(instance("a", 8080, Map.of("falco-port", "7878")),
                instance("a", 8081, Map.of("falco-port", "7878")))))
            .containsExactly(new Endpoint("a", 7878));
    }

    private static ServiceInstance instance(String host, int port, Map<String, String> metadata) {
        return new DefaultServiceInstance(host + "-" + port, "orders", host, port, false, metadata);
    }

}
