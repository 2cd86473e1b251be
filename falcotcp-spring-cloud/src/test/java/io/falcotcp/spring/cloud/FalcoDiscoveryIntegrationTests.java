package io.falcotcp.spring.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.client.EndpointStatus;
import io.falcotcp.spring.autoconfigure.FalcoClientAutoConfiguration;
import io.falcotcp.spring.autoconfigure.FalcoClientCustomizer;
import io.falcotcp.spring.autoconfigure.FalcoCodecAutoConfiguration;
import io.falcotcp.spring.client.FalcoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients whose servers are the instances of a service in Spring Cloud's simple discovery client, against several
 * real servers on 127.0.0.1: through the LoadBalancer's instance supplier, and through the DiscoveryClient alone.
 */
class FalcoDiscoveryIntegrationTests {

    private static final String SERVICE = "falco-orders";

    private final DiscoveryTestServers servers = new DiscoveryTestServers(3);

    @AfterEach
    void stopServers() {
        this.servers.close();
    }

    @Test
    void aTargetResolvedThroughDiscoverySpreadsRequestsOverTheInstances() {
        Path.LOAD_BALANCER.runner()
            .withPropertyValues("falco.client.targets.orders.service-id=" + SERVICE,
                    "falco.client.targets.orders.load-balancing=round-robin",
                    // registered on its FalcoTCP port, without metadata
                    "spring.cloud.discovery.client.simple.instances." + SERVICE + "[2].uri=tcp://127.0.0.1:"
                            + this.servers.server(2).port())
            .withPropertyValues(instance(0, 0))
            .withPropertyValues(instance(1, 1))
            .run((context) -> {
                FalcoClient orders = context.getBean("ordersFalcoClient", FalcoClient.class);
                orders.getTcpClient().connect();
                awaitAllUp(orders, 3);
                for (int i = 0; i < 300; i++) {
                    assertThat(orders.send("order " + i, String.class)).isEqualTo("order " + i);
                }
                for (int server = 0; server < 3; server++) {
                    assertThat(this.servers.requests(server)).as("requests of server %d", server).isBetween(80, 120);
                }
            });
    }

    @Test
    void theDefaultClientTakesAServiceIdToo() {
        Path.DISCOVERY_CLIENT.runner()
            .withPropertyValues("falco.client.service-id=" + SERVICE)
            .withPropertyValues(instance(0, 1))
            .run((context) -> {
                FalcoClient client = context.getBean(FalcoClient.class);
                assertThat(client.send("hello", String.class)).isEqualTo("hello");
                assertThat(this.servers.requests(1)).isOne();
                assertThat(client.getTcpClient().endpoints()).extracting(EndpointStatus::endpoint)
                    .containsExactly(this.servers.endpoint(1));
            });
    }

    @Test
    void aServiceWithoutInstancesStartsAndItsRequestsWaitForTheFirstInstance() {
        Path.LOAD_BALANCER.runner().withPropertyValues("falco.client.targets.orders.service-id=" + SERVICE)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                FalcoClient orders = context.getBean("ordersFalcoClient", FalcoClient.class);
                CompletableFuture<String> waiting = orders.sendAsync("first", String.class);
                assertThat(orders.getTcpClient().endpoints()).isEmpty();
                instances(context, 2);
                assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo("first");
                assertThat(this.servers.requests(2)).isOne();
            });
    }

    @Test
    void theApplicationsOwnCustomizerStillPointsAClientElsewhere() {
        Path.LOAD_BALANCER.runner()
            .withPropertyValues("falco.client.targets.orders.service-id=" + SERVICE)
            .withPropertyValues(instance(0, 0))
            .withBean(FalcoClientCustomizer.class, () -> (name, builder) -> builder.host("127.0.0.1")
                .port(this.servers.server(1).port()))
            .run((context) -> {
                FalcoClient orders = context.getBean("ordersFalcoClient", FalcoClient.class);
                assertThat(orders.send("elsewhere", String.class)).isEqualTo("elsewhere");
                assertThat(this.servers.requests(1)).isOne();
                assertThat(this.servers.requests(0)).isZero();
            });
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anInstanceAddedAndOneRemovedWhileRequestsFlowAreFollowedWithoutAFailedRequest(Path path) {
        path.runner()
            .withPropertyValues("falco.client.targets.orders.service-id=" + SERVICE)
            .withPropertyValues(instance(0, 0))
            .withPropertyValues(instance(1, 1))
            .run((context) -> {
                FalcoClient orders = context.getBean("ordersFalcoClient", FalcoClient.class);
                orders.getTcpClient().connect();
                awaitAllUp(orders, 2);
                Load load = new Load(orders);
                try (load) {
                    DiscoveryTestServers.awaitTrue("requests to both servers",
                            () -> this.servers.requests(0) > 0 && this.servers.requests(1) > 0);

                    instances(context, 0, 1, 2);
                    DiscoveryTestServers.awaitTrue("requests to the added server", () -> this.servers.requests(2) > 0);

                    instances(context, 1, 2);
                    DiscoveryTestServers.awaitTrue("the removed server to leave the client",
                            () -> orders.getTcpClient().endpoints().stream().map(EndpointStatus::endpoint)
                                .noneMatch(this.servers.endpoint(0)::equals));
                    DiscoveryTestServers.awaitTrue("the removed server's connections to close",
                            () -> this.servers.server(0).stats().activeConnections() == 0);
                    this.servers.server(0).stop();
                    int second = this.servers.requests(1);
                    int third = this.servers.requests(2);
                    DiscoveryTestServers.awaitTrue("requests to the servers that stayed",
                            () -> this.servers.requests(1) > second + 50 && this.servers.requests(2) > third + 50);
                }
                load.assertNoFailure();
                assertThat(load.completed()).isGreaterThan(100);
            });
    }

    /** The properties of the simple discovery client's instance {@code index}: a server with its port in metadata. */
    private String[] instance(int index, int server) {
        InstanceProperties instance = this.servers.instance(SERVICE, server);
        String prefix = "spring.cloud.discovery.client.simple.instances." + SERVICE + "[" + index + "].";
        return new String[] { prefix + "uri=" + instance.getUri(),
                prefix + "metadata.falco-port=" + instance.getMetadata().get("falco-port") };
    }

    /** The simple discovery client lists these servers from now on. */
    private void instances(ApplicationContext context, int... serverIndexes) {
        List<InstanceProperties> instances = new ArrayList<>();
        for (int server : serverIndexes) {
            instances.add(this.servers.instance(SERVICE, server));
        }
        context.getBean(SimpleDiscoveryProperties.class).getInstances().put(SERVICE, List.copyOf(instances));
    }

    private static void awaitAllUp(FalcoClient client, int endpoints) throws InterruptedException {
        DiscoveryTestServers.awaitTrue(endpoints + " endpoints up", () -> {
            List<EndpointStatus> statuses = client.getTcpClient().endpoints();
            return statuses.size() == endpoints
                    && statuses.stream().allMatch((status) -> status.state() == EndpointStatus.State.UP);
        });
    }

    /** How the module reads the instances. */
    enum Path {

        LOAD_BALANCER(true), DISCOVERY_CLIENT(false);

        private final boolean loadBalancer;

        Path(boolean loadBalancer) {
            this.loadBalancer = loadBalancer;
        }

        ApplicationContextRunner runner() {
            ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class,
                        SimpleDiscoveryClientAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class,
                        FalcoCodecAutoConfiguration.class, FalcoClientAutoConfiguration.class,
                        FalcoDiscoveryAutoConfiguration.class))
                .withPropertyValues("falco.client.key=" + DiscoveryTestServers.KEY,
                        "falco.client.crypto-warm-up=false", "falco.client.discovery.refresh-interval=100ms");
            return this.loadBalancer ? runner.withConfiguration(AutoConfigurations.of(LoadBalancerAutoConfiguration.class))
                    : runner;
        }

    }

    /** Two threads sending requests until closed, each bounded in time. */
    private static final class Load implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);

        private final AtomicInteger completed = new AtomicInteger();

        private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

        private final ExecutorService executor = Executors.newFixedThreadPool(2);

        private final List<Future<?>> senders = new ArrayList<>();

        Load(FalcoClient client) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < 2; i++) {
                this.senders.add(this.executor.submit(() -> {
                    while (this.running.get() && System.nanoTime() < deadline) {
                        try {
                            client.send("load", String.class);
                            this.completed.incrementAndGet();
                        }
                        catch (RuntimeException ex) {
                            this.failures.add(ex);
                        }
                    }
                }));
            }
        }

        int completed() {
            return this.completed.get();
        }

        void assertNoFailure() {
            assertThat(this.failures).isEmpty();
        }

        @Override
        public void close() throws Exception {
            this.running.set(false);
            for (Future<?> sender : this.senders) {
                sender.get(30, TimeUnit.SECONDS);
            }
            this.executor.shutdownNow();
        }

    }

}
