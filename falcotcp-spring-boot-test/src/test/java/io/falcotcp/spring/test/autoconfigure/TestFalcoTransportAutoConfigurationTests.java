package io.falcotcp.spring.test.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.spring.autoconfigure.FalcoClientAutoConfiguration;
import io.falcotcp.spring.autoconfigure.FalcoCodecAutoConfiguration;
import io.falcotcp.spring.autoconfigure.FalcoServerAutoConfiguration;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.server.FalcoServerPortInfoApplicationContextInitializer;
import io.falcotcp.transport.TransportKind;
import io.netty.channel.local.LocalAddress;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TestFalcoTransportAutoConfigurationTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withInitializer(new FalcoServerPortInfoApplicationContextInitializer())
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class, FalcoServerAutoConfiguration.class,
                FalcoClientAutoConfiguration.class, TestFalcoTransportAutoConfiguration.class))
        .withUserConfiguration(Echo.class)
        // the clients are configured for another host: the test transport points them at this application
        .withPropertyValues("falco.server.key=" + KEY, "falco.server.crypto-warm-up=false",
                "falco.client.host=orders.example.invalid", "falco.client.port=7000", "falco.client.key=" + KEY,
                "falco.client.targets.billing.host=billing.example.invalid");

    @Test
    void theServerListensInProcessByDefaultAndEveryClientReachesIt() {
        this.runner.withUserConfiguration(BillingUser.class).run((context) -> {
            FalcoServer server = context.getBean(FalcoServer.class);
            assertThat(server.localAddress()).isInstanceOf(LocalAddress.class);
            assertThat(server.transport().kind()).isEqualTo(TransportKind.LOCAL);
            FalcoClient client = context.getBean("falcoClient", FalcoClient.class);
            assertThat(client.send("default", String.class)).isEqualTo("echo default");
            assertThat(client.route("a.route").send("routed", String.class)).isEqualTo("echo routed");
            assertThat(client.getTcpClient().transport().kind()).isEqualTo(TransportKind.LOCAL);
            assertThat(client.getTcpClient().sessionConnections()).isOne();
            assertThat(context.getBean(BillingUser.class).billing.send("target", String.class))
                .isEqualTo("echo target");
            assertThat(context.getEnvironment().containsProperty("local.falco.server.port")).isFalse();
        });
    }

    @Test
    void twoApplicationsInProcessSideBySideEachReachTheirOwnServer() {
        this.runner.run((first) -> this.runner.run((second) -> {
            FalcoServer firstServer = first.getBean(FalcoServer.class);
            FalcoServer secondServer = second.getBean(FalcoServer.class);
            assertThat(secondServer.localAddress()).isNotEqualTo(firstServer.localAddress());
            assertThat(first.getBean("falcoClient", FalcoClient.class).send("a", String.class)).isEqualTo("echo a");
            assertThat(firstServer.stats().requests()).isOne();
            assertThat(secondServer.stats().requests()).isZero();
            assertThat(second.getBean("falcoClient", FalcoClient.class).send("b", String.class)).isEqualTo("echo b");
            assertThat(secondServer.stats().requests()).isOne();
        }));
    }

    @Test
    void theSocketTransportBindsAFreeLoopbackPortThatTheClientsFollow() {
        this.runner.withUserConfiguration(BillingUser.class)
            .withPropertyValues("falco.test.transport=socket", "falco.server.port=7878", "falco.server.host=0.0.0.0")
            .run((context) -> {
                FalcoServer server = context.getBean(FalcoServer.class);
                assertThat(server.localAddress()).isInstanceOfSatisfying(InetSocketAddress.class, (address) -> {
                    assertThat(address.getAddress().isLoopbackAddress()).isTrue();
                    assertThat(address.getPort()).isNotEqualTo(7878);
                });
                assertThat(server.transport().kind()).isNotEqualTo(TransportKind.LOCAL);
                assertThat(context.getEnvironment().getProperty("local.falco.server.port", Integer.class))
                    .isEqualTo(server.port());
                FalcoClient client = context.getBean("falcoClient", FalcoClient.class);
                assertThat(client.send("tcp", String.class)).isEqualTo("echo tcp");
                assertThat(client.getTcpClient().transport().kind()).isNotEqualTo(TransportKind.LOCAL);
                assertThat(context.getBean(BillingUser.class).billing.send("target", String.class))
                    .isEqualTo("echo target");
            });
    }

    @Test
    void anApplicationWithoutAServerKeepsItsClientsAsConfigured() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                    FalcoServerAutoConfiguration.class, FalcoClientAutoConfiguration.class,
                    TestFalcoTransportAutoConfiguration.class))
            .withPropertyValues("falco.client.host=orders.example.invalid", "falco.client.key=" + KEY,
                    "falco.client.crypto-warm-up=false")
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(FalcoServer.class)
                    .doesNotHaveBean(TestFalcoTransport.class);
                assertThat(context.getBean(FalcoClient.class).getTcpClient().transport().kind())
                    .isNotEqualTo(TransportKind.LOCAL);
            });
    }

    @Test
    void theTransportPropertyIsDescribedInTheMetadata() throws IOException {
        try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(metadata).isNotNull();
            assertThat(new String(metadata.readAllBytes(), StandardCharsets.UTF_8))
                .contains("\"name\": \"falco.test.transport\"")
                .contains("How the application's clients reach its own server in a test");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Echo {

        @Bean
        RequestHandler echo() {
            return (request, context) -> ("echo " + new String(request, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BillingUser {

        final FalcoClient billing;

        BillingUser(@Qualifier("billing") FalcoClient billing) {
            this.billing = billing;
        }

    }

}
