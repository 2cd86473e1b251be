package io.falcotcp.spring.autoconfigure;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.falcotcp.client.EndpointStatus;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.actuate.FalcoClientHealthIndicator;
import io.falcotcp.spring.actuate.FalcoClientMetrics;
import io.falcotcp.spring.client.FalcoClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients over several servers from {@code falco.client.endpoints}, {@code falco.client.targets.<name>.endpoints}
 * and {@code resolve-all}: what they send to, how bad values fail start-up, and their health and meters per
 * endpoint, against two real servers on 127.0.0.1.
 */
class FalcoClientEndpointsTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoClientAutoConfiguration.class))
        .withPropertyValues("falco.client.key=" + KEY, "falco.client.crypto-warm-up=false");

    private final AtomicInteger firstRequests = new AtomicInteger();

    private final AtomicInteger secondRequests = new AtomicInteger();

    private FalcoServer first;

    private FalcoServer second;

    @BeforeEach
    void startServers() {
        this.first = server(this.firstRequests);
        this.second = server(this.secondRequests);
    }

    @AfterEach
    void stopServers() {
        this.first.stop();
        this.second.stop();
    }

    @Test
    void theDefaultClientBalancesOverItsEndpointsAndReportsEachInHealthAndMeters() {
        this.runner.withPropertyValues("falco.client.endpoints=" + endpoint(this.first) + "," + endpoint(this.second),
                "falco.client.load-balancing=round-robin")
            .run((context) -> {
                FalcoClient client = context.getBean(FalcoClient.class);
                FalcoTcpClient tcpClient = client.getTcpClient();
                tcpClient.connect();
                awaitTrue(() -> tcpClient.endpoints().stream()
                    .allMatch((status) -> status.state() == EndpointStatus.State.UP));
                for (int i = 0; i < 10; i++) {
                    assertThat(client.send("hi", String.class)).isEqualTo("hi");
                }
                assertThat(this.firstRequests.get()).isEqualTo(5);
                assertThat(this.secondRequests.get()).isEqualTo(5);

                Health health = new FalcoClientHealthIndicator(client).health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails().get("endpoints")).asInstanceOf(InstanceOfAssertFactories.list(Map.class))
                    .containsExactly(
                            Map.of("endpoint", endpoint(this.first), "state", "up", "authenticatedConnections", 1,
                                    "inFlight", 0),
                            Map.of("endpoint", endpoint(this.second), "state", "up", "authenticatedConnections", 1,
                                    "inFlight", 0));

                MeterRegistry meters = new SimpleMeterRegistry();
                new FalcoClientMetrics(List.of(client)).bindTo(meters);
                assertThat(meters.get("falco.client.endpoint.connections.authenticated").tag("client", "default")
                    .tag("endpoint", endpoint(this.second)).gauge().value()).isEqualTo(1);
                assertThat(meters.get("falco.client.endpoint.ejected").tag("endpoint", endpoint(this.first)).gauge()
                    .value()).isZero();
                assertThat(meters.get("falco.client.endpoint.connections.failures")
                    .tag("endpoint", endpoint(this.first)).functionCounter().count()).isZero();
            });
    }

    @Test
    void healthShowsAnUnreachableEndpointEjectedWhileTheOtherServes() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unused = socket.getLocalPort();
        }
        String unreachable = "127.0.0.1:" + unused;
        this.runner.withPropertyValues("falco.client.endpoints=" + endpoint(this.first) + "," + unreachable)
            .run((context) -> {
                FalcoClient client = context.getBean(FalcoClient.class);
                client.getTcpClient().connect();
                FalcoClientHealthIndicator indicator = new FalcoClientHealthIndicator(client);
                Health[] seen = new Health[1];
                awaitTrue(() -> {
                    seen[0] = indicator.health();
                    return endpointDetails(seen[0], endpoint(this.first)).get("state").equals("up")
                            && endpointDetails(seen[0], unreachable).get("state").equals("ejected");
                });
                Health health = seen[0];
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                Map<?, ?> ejected = endpointDetails(health, unreachable);
                assertThat(ejected.get("authenticatedConnections")).isEqualTo(0);
                assertThat(ejected.get("ejectedUntil")).asString().endsWith("Z");
                assertThat(client.send("still served", String.class)).isEqualTo("still served");
            });
    }

    private static Map<?, ?> endpointDetails(Health health, String endpoint) {
        List<?> endpoints = (List<?>) health.getDetails().get("endpoints");
        return endpoints.stream().map(Map.class::cast).filter((details) -> endpoint.equals(details.get("endpoint")))
            .findFirst().orElseThrow();
    }

    @Test
    void aTargetWithEndpointsDoesNotInheritTheDefaultHost() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + this.first.port(),
                "falco.client.targets.orders.endpoints=" + endpoint(this.second))
            .run((context) -> {
                FalcoClient orders = context.getBean("ordersFalcoClient", FalcoClient.class);
                assertThat(orders.send("order", String.class)).isEqualTo("order");
                assertThat(this.secondRequests.get()).isEqualTo(1);
                assertThat(this.firstRequests.get()).isZero();
                assertThat(orders.getTcpClient().endpoints()).extracting(EndpointStatus::endpoint)
                    .containsExactly(endpoint(this.second));
            });
    }

    @Test
    void resolveAllFollowsEveryAddressOfTheHost() {
        this.runner.withPropertyValues("falco.client.host=localhost", "falco.client.port=" + this.first.port(),
                "falco.client.resolve-all=true", "falco.client.resolve-interval=200ms")
            .run((context) -> {
                FalcoClient client = context.getBean(FalcoClient.class);
                assertThat(client.getTcpClient().hasFixedEndpoints()).isFalse();
                // localhost may resolve to ::1 too, where nothing listens: that endpoint is ejected, 127.0.0.1 serves
                assertThat(client.send("dns", String.class)).isEqualTo("dns");
                assertThat(client.getTcpClient().endpoints()).extracting(EndpointStatus::endpoint)
                    .contains("127.0.0.1:" + this.first.port());
            });
    }

    @Test
    void anEndpointThatIsNotHostColonPortFailsStartUpNamingItsIndex() {
        this.runner.withPropertyValues("falco.client.endpoints=127.0.0.1:7878,orders.internal")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("falco.client.endpoints[1]")
                .hasMessageContaining("'orders.internal' is not host:port"));
    }

    @Test
    void aRepeatedEndpointFailsStartUp() {
        this.runner.withPropertyValues("falco.client.targets.orders.endpoints=127.0.0.1:7878,127.0.0.1:7878")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("falco.client.targets.orders.endpoints[1]")
                .hasMessageContaining("repeats an endpoint"));
    }

    @Test
    void hostAndEndpointsTogetherFailStartUpNamingEndpoints() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.endpoints=127.0.0.1:7878")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("falco.client.endpoints")
                .hasMessageContaining("must not be set together with falco.client.host"));
    }

    @Test
    void resolveAllWithoutAHostFailsStartUpNamingIt() {
        this.runner.withPropertyValues("falco.client.targets.orders.endpoints=127.0.0.1:7878",
                "falco.client.targets.orders.resolve-all=true")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("falco.client.targets.orders.resolve-all"));
    }

    @Test
    void anUnknownLoadBalancingFailsStartUpNamingTheProperty() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.load-balancing=random")
            .run((context) -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining("Failed to bind properties under 'falco.client.load-balancing'"));
    }

    private static String endpoint(FalcoServer server) {
        return "127.0.0.1:" + server.port();
    }

    private static FalcoServer server(AtomicInteger requests) {
        FalcoServer server = FalcoServer.builder().key(FalcoKey.parse(KEY)).host("127.0.0.1").port(0)
            .cryptoWarmUp(false)
            .handler((request, context) -> {
                requests.incrementAndGet();
                return request;
            })
            .build();
        server.start();
        return server;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 30 s").isNegative();
            Thread.sleep(10);
        }
    }

}
