package io.falcotcp.sample;

import java.time.Duration;
import java.util.List;

import io.falcotcp.client.EndpointStatus;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's cluster profile as docs/scale-out.md starts it: two instances side by side (the second with the
 * {@code second} profile), each client calling both servers. Requests made over HTTP to the first instance are
 * answered by both servers, and by the first alone once the second has stopped.
 */
class SampleClusterTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void bothInstancesServeTheFirstOnesRequestsAndTheFirstGoesOnAloneWhenTheSecondStops() throws Exception {
        // each instance's client needs both servers' ports before either starts
        int firstPort = TestSocketUtils.findAvailableTcpPort();
        int secondPort = TestSocketUtils.findAvailableTcpPort();
        String[] ports = { "--server.port=0", "--falco.server.host=127.0.0.1", "--spring.main.banner-mode=off",
                "--sample.cluster.first-port=" + firstPort, "--sample.cluster.second-port=" + secondPort };
        // the second first, so that the first instance's client finds both servers listening
        try (ConfigurableApplicationContext second = start(ports, "cluster", "second");
                ConfigurableApplicationContext first = start(ports, "cluster")) {
            assertThat(first.getBean(FalcoServer.class).port()).isEqualTo(firstPort);
            assertThat(second.getBean(FalcoServer.class).port()).isEqualTo(secondPort);
            FalcoTcpClient client = first.getBean(FalcoClient.class).getTcpClient();
            Await.until("the first instance's client is connected to both servers", WAIT, () -> client.endpoints()
                .stream()
                .allMatch((endpoint) -> endpoint.state() == EndpointStatus.State.UP));

            RestClient http = RestClient.create("http://127.0.0.1:" + first.getEnvironment()
                .getProperty("local.server.port"));
            for (int i = 0; i < 40; i++) {
                assertThat(echo(http, "hello " + i)).isEqualTo("hello " + i);
            }
            assertThat(List.of(first, second)).allSatisfy((instance) -> assertThat(instance.getBean(FalcoServer.class)
                .stats().requests()).as("requests served by each instance").isPositive());

            second.close();
            Await.until("the stopped endpoint leaves the rotation", WAIT, () -> client.endpoints().stream()
                .anyMatch((endpoint) -> endpoint.state() != EndpointStatus.State.UP));
            long served = first.getBean(FalcoServer.class).stats().requests();
            for (int i = 0; i < 20; i++) {
                assertThat(echo(http, "alone " + i)).isEqualTo("alone " + i);
            }
            assertThat(first.getBean(FalcoServer.class).stats().requests()).isEqualTo(served + 20);
        }
    }

    private static ConfigurableApplicationContext start(String[] args, String... profiles) {
        return new SpringApplicationBuilder(SampleApplication.class).profiles(profiles).run(args);
    }

    private static String echo(RestClient http, String text) {
        return http.post().uri("/demo/echo").body(text).retrieve().body(String.class);
    }

}
