package io.falcotcp.spring.autoconfigure;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.actuate.FalcoClientHealthIndicator;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.client.FalcoClientBuilder;
import io.falcotcp.spring.handler.FalcoHandler;
import io.falcotcp.testsupport.SpecSessionConnection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoHealthContributorAutoConfigurationTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoServerAutoConfiguration.class, FalcoClientAutoConfiguration.class,
                FalcoHealthContributorAutoConfiguration.class, FalcoMetricsAutoConfiguration.class))
        .withPropertyValues("falco.server.port=0", "falco.server.host=127.0.0.1", "falco.server.key=" + KEY,
                "falco.server.transport=nio");

    @Test
    void serverIsUpWithTransportAddressConnectionsAndRoutes() {
        this.runner.withUserConfiguration(Handlers.class).run((context) -> {
            Health health = ((HealthIndicator) part(context, "server")).health();
            FalcoServer server = context.getBean(FalcoServer.class);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("transport", "nio")
                .containsEntry("address", "127.0.0.1:" + server.port())
                .containsEntry("activeConnections", 0)
                .containsEntry("routes", List.of("(default)", "orders.create"));
        });
    }

    @Test
    void serverIsDownWhenStopped() {
        this.runner.withUserConfiguration(Handlers.class).run((context) -> {
            context.getBean(FalcoServer.class).stop();
            assertThat(((HealthIndicator) part(context, "server")).health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void clientIsUpWithItsConnectionsCountedPerModeAndItsConfiguredMode() {
        this.runner.withUserConfiguration(Handlers.class).run((context) -> {
            int port = context.getBean(FalcoServer.class).port();
            ApplicationContextRunner clientRunner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                        FalcoClientAutoConfiguration.class, FalcoHealthContributorAutoConfiguration.class))
                .withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + port,
                        "falco.client.key=" + KEY, "falco.client.pool-size=2",
                        "falco.client.targets.legacy.host=127.0.0.1", "falco.client.targets.legacy.port=" + port,
                        "falco.client.targets.legacy.pool-size=1", "falco.client.targets.legacy.mode=v1");
            clientRunner.run((clientContext) -> {
                HealthIndicator client = clientPart(clientContext, "default");
                assertThat(awaitDetail(client, "authenticatedConnections", 2).getDetails())
                    .containsEntry("sessionConnections", 2)
                    .containsEntry("v1Connections", 0)
                    .containsEntry("mode", "session");
                HealthIndicator legacy = clientPart(clientContext, "legacy");
                assertThat(awaitDetail(legacy, "authenticatedConnections", 1).getDetails())
                    .containsEntry("sessionConnections", 0)
                    .containsEntry("v1Connections", 1)
                    .containsEntry("mode", "v1");
            });
        });
    }

    @Test
    void clientWithoutAConnectionIsDisconnectedWithTheLastErrorAndNeverTheKey() throws Exception {
        int unusedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            unusedPort = socket.getLocalPort();
        }
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + unusedPort,
                "falco.client.key=" + KEY, "falco.client.targets.orders.host=127.0.0.1",
                "falco.client.targets.orders.port=" + unusedPort)
            .run((context) -> {
                HealthIndicator orders = clientPart(context, "orders");
                Health health = awaitError(orders);
                assertThat(health.getStatus()).isEqualTo(FalcoClientHealthIndicator.DISCONNECTED);
                assertThat((String) health.getDetails().get("error")).contains("127.0.0.1:" + unusedPort);
                assertThat(health.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 12));
                assertThat(part(context, "clients")).isInstanceOf(CompositeHealthContributor.class);
                assertThat(((CompositeHealthContributor) part(context, "clients")).getContributor("default"))
                    .isNotNull();
            });
    }

    @Test
    void noHealthContributorWithoutSpringBootHealth() {
        this.runner.withUserConfiguration(Handlers.class)
            .withClassLoader(new FilteredClassLoader(HealthContributor.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("falcoHealthContributor"));
    }

    @Test
    void noHealthContributorWhenDisabled() {
        this.runner.withUserConfiguration(Handlers.class)
            .withPropertyValues("management.health.falco.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean("falcoHealthContributor"));
    }

    @Test
    void serverHealthHasItsOwnSwitch() {
        this.runner.withUserConfiguration(Handlers.class)
            .withPropertyValues("management.health.falco.server.enabled=false", "falco.client.host=127.0.0.1",
                    "falco.client.key=" + KEY)
            .run((context) -> {
                CompositeHealthContributor falco = context.getBean("falcoHealthContributor",
                        CompositeHealthContributor.class);
                assertThat(falco.getContributor("server")).isNull();
                assertThat(falco.getContributor("clients")).isNotNull();
            });
    }

    @Test
    void clientsHealthHasItsOwnSwitch() {
        this.runner.withUserConfiguration(Handlers.class)
            .withPropertyValues("management.health.falco.clients.enabled=false", "falco.client.host=127.0.0.1",
                    "falco.client.key=" + KEY)
            .run((context) -> {
                CompositeHealthContributor falco = context.getBean("falcoHealthContributor",
                        CompositeHealthContributor.class);
                assertThat(falco.getContributor("server")).isNotNull();
                assertThat(falco.getContributor("clients")).isNull();
            });
    }

    @Test
    void noHealthContributorWhenOnlyTheSwitchedOffPartExists() {
        this.runner.withPropertyValues("falco.server.enabled=false", "falco.client.host=127.0.0.1",
                "falco.client.key=" + KEY, "management.health.falco.clients.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("falcoHealthContributor"));
    }

    @Test
    void noHealthContributorWithoutServerOrClient() {
        this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("falcoHealthContributor"));
    }

    @Test
    void serverMetersReadTheServerCounters() {
        this.runner.withUserConfiguration(Handlers.class).run((context) -> {
            FalcoServer server = context.getBean(FalcoServer.class);
            MeterRegistry meters = new SimpleMeterRegistry();
            context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(meters));
            try (Socket stranger = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                stranger.setSoTimeout(30_000);
                stranger.getOutputStream().write(new byte[157]);
                assertThat(stranger.getInputStream().read()).as("closed without answer").isEqualTo(-1);
            }
            try (SpecSessionConnection connection = SpecSessionConnection.open(server.port(),
                    Base64.getDecoder().decode(KEY), 0)) {
                connection.pingPong();
                assertThat(meters.get("falco.server.connections.active").gauge().value()).isEqualTo(1);
                connection.send(new byte[] { 0x7E });
                connection.assertClosedWithoutAnswer(Duration.ofSeconds(30));
            }
            assertThat(meters.get("falco.server.bytes.received").functionCounter().count())
                .isEqualTo(server.stats().bytesReceived())
                .as("two auth frames, a ping and the unknown frame").isEqualTo(2 * 157 + 2 * (4 + 1 + 16));
            assertThat(meters.get("falco.server.authentication.failures").functionCounter().count()).isEqualTo(1);
            assertThat(meters.get("falco.server.session.protocol.errors").functionCounter().count()).isEqualTo(1);
        });
    }

    @Test
    void clientMetersCountBytesAndAuthenticationFailures() {
        this.runner.withUserConfiguration(Handlers.class).run((context) -> {
            int port = context.getBean(FalcoServer.class).port();
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                        FalcoClientAutoConfiguration.class, FalcoMetricsAutoConfiguration.class))
                .withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + port,
                        "falco.client.key=" + KEY, "falco.client.targets.stranger.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
                .run((clientContext) -> {
                    FalcoClient client = clientContext.getBean("falcoClient", FalcoClient.class);
                    client.send(new byte[] { 1, 2, 3 });
                    MeterRegistry meters = new SimpleMeterRegistry();
                    clientContext.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(meters));
                    assertThat(meters.get("falco.client.bytes.sent").tag("client", "default").functionCounter().count())
                        .isPositive();
                    assertThat(meters.get("falco.client.bytes.received").tag("client", "default").functionCounter()
                        .count()).isPositive();
                    FunctionCounter strangerFailures = meters.get("falco.client.authentication.failures")
                        .tag("client", "stranger").functionCounter();
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (strangerFailures.count() == 0 && System.nanoTime() - deadline < 0) {
                        Thread.sleep(20);
                    }
                    assertThat(strangerFailures.count()).isPositive();
                    assertThat(meters.get("falco.client.downgrades").tag("client", "default").functionCounter()
                        .count()).isZero();
                });
        });
    }

    @Test
    void aClientBeanMadeWithTheBuilderJoinsHealthAndMeters() {
        this.runner.withUserConfiguration(Handlers.class).run((context) -> {
            int port = context.getBean(FalcoServer.class).port();
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                        FalcoClientAutoConfiguration.class, FalcoHealthContributorAutoConfiguration.class,
                        FalcoMetricsAutoConfiguration.class))
                .withUserConfiguration(BuilderClient.class)
                .withPropertyValues("reports.port=" + port)
                .run((clientContext) -> {
                    assertThat(clientContext).doesNotHaveBean("falcoClient");
                    FalcoClient reports = clientContext.getBean(FalcoClient.class);
                    assertThat(reports.send("hi", String.class)).isEqualTo("hi");
                    assertThat(awaitDetail(clientPart(clientContext, "reports"), "authenticatedConnections", 1)
                        .getDetails()).containsEntry("mode", "session");
                    MeterRegistry meters = new SimpleMeterRegistry();
                    clientContext.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(meters));
                    assertThat(meters.get("falco.client.bytes.sent").tag("client", "reports").functionCounter()
                        .count()).isPositive();
                });
        });
    }

    @Test
    void clientInModeAutoCountsEachFallBackToPlainV1() throws Exception {
        try (PlainV1Impostor impostor = new PlainV1Impostor()) {
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                        FalcoClientAutoConfiguration.class, FalcoMetricsAutoConfiguration.class))
                .withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + impostor.port(),
                        "falco.client.key=" + KEY, "falco.client.mode=auto")
                .run((context) -> {
                    MeterRegistry meters = new SimpleMeterRegistry();
                    context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(meters));
                    FunctionCounter downgrades = meters.get("falco.client.downgrades").tag("client", "default")
                        .functionCounter();
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (downgrades.count() == 0 && System.nanoTime() - deadline < 0) {
                        Thread.sleep(20);
                    }
                    assertThat(downgrades.count()).isEqualTo(1);
                });
        }
    }

    @Test
    void noMetersWithoutMicrometer() {
        this.runner.withUserConfiguration(Handlers.class)
            .withClassLoader(new FilteredClassLoader(MeterBinder.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("falcoServerMetrics"));
    }

    private static HealthContributor part(AssertableApplicationContext context, String name) {
        CompositeHealthContributor falco = context.getBean("falcoHealthContributor",
                CompositeHealthContributor.class);
        HealthContributor part = falco.getContributor(name);
        assertThat(part).as(name).isNotNull();
        return part;
    }

    private static HealthIndicator clientPart(AssertableApplicationContext context, String name) {
        return (HealthIndicator) ((CompositeHealthContributor) part(context, "clients")).getContributor(name);
    }

    private static Health awaitStatus(HealthIndicator indicator, Status status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Health health = indicator.health();
        while (!health.getStatus().equals(status) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
            health = indicator.health();
        }
        return health;
    }

    private static Health awaitDetail(HealthIndicator indicator, String detail, Object value)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Health health = indicator.health();
        while (!value.equals(health.getDetails().get(detail)) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
            health = indicator.health();
        }
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        return health;
    }

    private static Health awaitError(HealthIndicator indicator) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Health health = indicator.health();
        while (!health.getDetails().containsKey("error") && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
            health = indicator.health();
        }
        return health;
    }

    @Configuration(proxyBeanMethods = false)
    static class BuilderClient {

        @Bean
        FalcoClient reportsClient(FalcoClientBuilder builder, Environment environment) {
            return builder.name("reports")
                .host("127.0.0.1")
                .port(environment.getRequiredProperty("reports.port", Integer.class))
                .key(FalcoKey.parse(KEY))
                .tcpClient((tcp) -> tcp.poolSize(1))
                .build();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        @FalcoHandler
        byte[] echo(byte[] request) {
            return request;
        }

        @FalcoHandler("orders.create")
        Map<String, Object> create(Map<String, Object> order) {
            return order;
        }

    }

}
