package io.falcotcp.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoDowngradeException;
import io.falcotcp.client.FalcoUnsupportedFeatureException;
import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.CryptoWarmUp;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.client.FalcoClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mockStatic;

class FalcoClientAutoConfigurationTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoClientAutoConfiguration.class));

    private FalcoServer server;

    @BeforeEach
    void startServer() {
        this.server = FalcoServer.builder().key(FalcoKey.parse(KEY)).host("127.0.0.1").port(0)
            .handler((request, context) -> ("echo " + new String(request, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8))
            .build();
        this.server.start();
    }

    @AfterEach
    void stopServer() {
        this.server.stop();
    }

    @Test
    void withoutHostThereIsNoDefaultClientButABuilder() {
        this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FalcoClient.class)
            .hasBean("falcoClientBuilder"));
    }

    @Test
    void defaultClientSendsBytesAndTypedValues() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + this.server.port(),
                "falco.client.key=" + KEY)
            .run((context) -> {
                FalcoClient client = context.getBean(FalcoClient.class);
                assertThat(client.getName()).isEqualTo("default");
                assertThat(client.send("hi".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("echo hi");
                assertThat(client.send("hi", String.class)).isEqualTo("echo hi");
                assertThat(client.sendAsync("async", String.class).get(5, TimeUnit.SECONDS))
                    .isEqualTo("echo async");
            });
    }

    @Test
    void defaultClientNegotiatesTheSessionModeAndReachesRoutes() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + this.server.port(),
                "falco.client.key=" + KEY)
            .run((context) -> {
                FalcoClient client = context.getBean(FalcoClient.class);
                assertThat(client.route("any.route").send("hi", String.class)).isEqualTo("echo hi");
                assertThat(client.getTcpClient().mode()).isEqualTo(ClientMode.SESSION);
                assertThat(client.getTcpClient().sessionConnections()).isEqualTo(1);
            });
    }

    @Test
    void defaultClientRefusesAServerAnsweringPlainV1AndNamesThePropertyThatAllowsIt() throws Exception {
        try (PlainV1Impostor impostor = new PlainV1Impostor()) {
            this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + impostor.port(),
                    "falco.client.key=" + KEY, "falco.client.request-timeout=10s")
                .run((context) -> {
                    FalcoClient client = context.getBean(FalcoClient.class);
                    assertThatExceptionOfType(FalcoDowngradeException.class)
                        .isThrownBy(() -> client.send("secret", String.class))
                        .withMessageContaining("falco.client.mode");
                });
            assertThat(impostor.bytesAfterAuthFrame()).isZero();
        }
    }

    @Test
    void clientsWarmTheirCryptoEngineUpWhenTheyAreBuilt() {
        try (MockedStatic<CryptoWarmUp> warmUp = mockStatic(CryptoWarmUp.class)) {
            this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + this.server.port(),
                    "falco.client.key=" + KEY, "falco.client.targets.orders.host=127.0.0.1",
                    "falco.client.targets.orders.crypto-engine=bouncy-castle")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    warmUp.verify(() -> CryptoWarmUp.ensureWarm(AeadEngine.JDK));
                    warmUp.verify(() -> CryptoWarmUp.ensureWarm(AeadEngine.BOUNCY_CASTLE));
                });
        }
    }

    @Test
    void cryptoWarmUpFalseBuildsEveryClientWithoutIt() {
        try (MockedStatic<CryptoWarmUp> warmUp = mockStatic(CryptoWarmUp.class)) {
            this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + this.server.port(),
                    "falco.client.key=" + KEY, "falco.client.targets.orders.host=127.0.0.1",
                    "falco.client.crypto-warm-up=false")
                .run((context) -> {
                    assertThat(context.getBean("falcoClient", FalcoClient.class).send("hi", String.class))
                        .isEqualTo("echo hi");
                    assertThat(context).hasBean("ordersFalcoClient");
                    warmUp.verifyNoInteractions();
                });
        }
    }

    @Test
    void targetInheritsModeV1AndThenCannotUseRoutes() {
        this.runner.withPropertyValues("falco.client.mode=v1", "falco.client.key=" + KEY,
                "falco.client.targets.legacy.host=127.0.0.1", "falco.client.targets.legacy.port=" + this.server.port())
            .run((context) -> {
                FalcoClient legacy = context.getBean("legacyFalcoClient", FalcoClient.class);
                assertThat(legacy.send("hi", String.class)).isEqualTo("echo hi");
                assertThat(legacy.getTcpClient().mode()).isEqualTo(ClientMode.V1);
                assertThat(legacy.getTcpClient().v1Connections()).isEqualTo(1);
                assertThatExceptionOfType(FalcoUnsupportedFeatureException.class)
                    .isThrownBy(() -> legacy.route("any.route").send(new byte[] { 1 }));
            });
    }

    @Test
    void targetModeOverridesTheDefaultClientsMode() {
        this.runner.withPropertyValues("falco.client.mode=v1", "falco.client.key=" + KEY,
                "falco.client.host=127.0.0.1", "falco.client.port=" + this.server.port(),
                "falco.client.targets.orders.host=127.0.0.1", "falco.client.targets.orders.port=" + this.server.port(),
                "falco.client.targets.orders.mode=auto")
            .run((context) -> {
                assertThat(context.getBean("falcoClient", FalcoClient.class).getTcpClient().mode())
                    .isEqualTo(ClientMode.V1);
                FalcoClient orders = context.getBean("ordersFalcoClient", FalcoClient.class);
                assertThat(orders.getTcpClient().mode()).isEqualTo(ClientMode.AUTO);
                assertThat(orders.route("any.route").send("hi", String.class)).isEqualTo("echo hi");
                assertThat(orders.getTcpClient().sessionConnections()).isEqualTo(1);
            });
    }

    @Test
    void unknownModeFailsStartUpNamingTheProperty() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key=" + KEY,
                "falco.client.mode=plain")
            .run((context) -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining("Failed to bind properties under 'falco.client.mode'"));
    }

    @Test
    void zeroPingTimeoutOfATargetNamesTheTargetsProperty() {
        this.runner.withPropertyValues("falco.client.key=" + KEY, "falco.client.targets.slow.host=127.0.0.1",
                "falco.client.targets.slow.ping-timeout=0s")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("falco.client.targets.slow.ping-timeout"));
    }

    @Test
    void negativeCompressionThresholdNamesTheProperty() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key=" + KEY,
                "falco.client.compression-threshold=-1B")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("falco.client.compression-threshold"));
    }

    @Test
    void clientsAreClosedWithTheContext() {
        FalcoClient[] client = new FalcoClient[1];
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + this.server.port(),
                "falco.client.key=" + KEY)
            .run((context) -> {
                client[0] = context.getBean(FalcoClient.class);
                client[0].send(new byte[] { 1 });
            });
        assertThat(client[0].getTcpClient().authenticatedConnections()).isZero();
    }

    @Test
    void targetsAreInjectedByQualifierAndInheritUnsetValues() {
        this.runner.withUserConfiguration(TargetUser.class)
            .withPropertyValues("falco.client.key=" + KEY, "falco.client.request-timeout=3s",
                    "falco.client.targets.orders.host=127.0.0.1",
                    "falco.client.targets.orders.port=" + this.server.port(),
                    "falco.client.targets.billing.host=127.0.0.1",
                    "falco.client.targets.billing.port=" + this.server.port(),
                    "falco.client.targets.billing.pool-size=2")
            .run((context) -> {
                TargetUser user = context.getBean(TargetUser.class);
                assertThat(user.orders.getName()).isEqualTo("orders");
                assertThat(user.billing.getName()).isEqualTo("billing");
                assertThat(user.orders.send("o", String.class)).isEqualTo("echo o");
                assertThat(context.getBean(FalcoClientProperties.class).target("billing").settings()
                    .getRequestTimeout()).hasSeconds(3);
                assertThat(context).getBeans(FalcoClient.class).containsOnlyKeys("ordersFalcoClient",
                        "billingFalcoClient");
            });
    }

    @Test
    void defaultClientIsInjectedWithoutQualifierBesideTheTargets() {
        this.runner.withUserConfiguration(DefaultAndTargetUser.class)
            .withPropertyValues("falco.client.key=" + KEY, "falco.client.host=127.0.0.1",
                    "falco.client.port=" + this.server.port(), "falco.client.targets.orders.host=127.0.0.1",
                    "falco.client.targets.orders.port=" + this.server.port())
            .run((context) -> {
                assertThat(context).hasNotFailed();
                DefaultAndTargetUser user = context.getBean(DefaultAndTargetUser.class);
                assertThat(user.unqualified.getName()).isEqualTo("default");
                assertThat(user.orders.getName()).isEqualTo("orders");
                assertThat(context.getBean(FalcoClient.class)).isSameAs(user.unqualified);
                assertThat(user.unqualified.send("hi", String.class)).isEqualTo("echo hi");
                assertThat(user.orders.send("hi", String.class)).isEqualTo("echo hi");
            });
    }

    @Test
    void customizersAdjustTheDefaultClientAndEachTargetKnowingTheirNames() {
        List<String> customized = new CopyOnWriteArrayList<>();
        this.runner.withUserConfiguration(TargetUser.class)
            .withBean(FalcoClientCustomizer.class, () -> (name, builder) -> {
                customized.add(name);
                builder.port(this.server.port());
            })
            .withPropertyValues("falco.client.key=" + KEY, "falco.client.host=127.0.0.1", "falco.client.port=1",
                    "falco.client.targets.orders.port=1", "falco.client.targets.billing.port=1")
            .run((context) -> {
                assertThat(context.getBean("falcoClient", FalcoClient.class).send("d", String.class))
                    .isEqualTo("echo d");
                TargetUser user = context.getBean(TargetUser.class);
                assertThat(user.orders.send("o", String.class)).isEqualTo("echo o");
                assertThat(user.billing.send("b", String.class)).isEqualTo("echo b");
                assertThat(customized).containsExactlyInAnyOrder("default", "orders", "billing");
            });
    }

    @Test
    void userClientReplacesTheDefaultOne() {
        this.runner.withUserConfiguration(UserClient.class)
            .withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key=" + KEY)
            .run((context) -> assertThat(context).getBeans(FalcoClient.class).containsOnlyKeys("myClient"));
    }

    @Test
    void builderIsPreconfiguredAndNewForEveryInjection() {
        this.runner.run((context) -> {
            assertThat(context.getBean(FalcoClientBuilder.class))
                .isNotSameAs(context.getBean(FalcoClientBuilder.class));
            try (FalcoClient client = context.getBean(FalcoClientBuilder.class).name("adhoc").host("127.0.0.1")
                .port(this.server.port()).key(FalcoKey.parse(KEY)).build()) {
                assertThat(client.send(new Greeting("hi"), String.class)).isEqualTo("echo {\"text\":\"hi\"}");
            }
        });
    }

    @Test
    void targetWithoutHostFailsNamingTheProperty() {
        this.runner.withPropertyValues("falco.client.key=" + KEY, "falco.client.targets.orders.port=9000")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.client.targets.orders.host"));
    }

    @Test
    void theLocalTransportFailsStartUpNamingTheTargetsProperty() {
        this.runner.withPropertyValues("falco.client.key=" + KEY, "falco.client.targets.orders.host=127.0.0.1",
                "falco.client.targets.orders.transport=local")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.client.targets.orders.transport")
                .hasMessageContaining("falcotcp-spring-boot-test"));
    }

    @Test
    void badPoolSizeFailsNamingTheProperty() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key=" + KEY,
                "falco.client.pool-size=0")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.client.pool-size").hasMessageContaining("at least 1"));
    }

    @Test
    void aBadValueOfTheDefaultClientFailsStartUpNamingItWithTheBuildersReason() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key=" + KEY,
                "falco.client.max-pipelined-requests=0")
            .run((context) -> assertFailsNaming(context.getStartupFailure(), "falco.client.max-pipelined-requests",
                    "maxPipelinedRequests must be at least 1 (got 0)"));
    }

    @Test
    void aBadValueOfATargetFailsStartUpNamingTheTargetsProperty() {
        this.runner.withPropertyValues("falco.client.key=" + KEY, "falco.client.pool-size=2",
                "falco.client.targets.orders.host=127.0.0.1", "falco.client.targets.orders.pool-size=0")
            .run((context) -> assertFailsNaming(context.getStartupFailure(), "falco.client.targets.orders.pool-size",
                    "poolSize must be at least 1 (got 0)"));
    }

    @Test
    void aBadValueATargetInheritsFailsStartUpNamingTheDefaultClientsProperty() {
        this.runner.withPropertyValues("falco.client.key=" + KEY, "falco.client.connect-timeout=0s",
                "falco.client.targets.orders.host=127.0.0.1")
            .run((context) -> assertFailsNaming(context.getStartupFailure(), "falco.client.connect-timeout",
                    "connectTimeout must be positive (got PT0S)"));
    }

    @Test
    void aMaxFrameSizeBeyondAnIntFailsStartUpNamingIt() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key=" + KEY,
                "falco.client.max-frame-size=3GB")
            .run((context) -> assertFailsNaming(context.getStartupFailure(), "falco.client.max-frame-size",
                    "must be less than 2GB (got 3221225472B)"));
    }

    @Test
    void cryptoWarmUpIsOneSwitchThatTargetsCannotTurnOff() {
        try (MockedStatic<CryptoWarmUp> warmUp = mockStatic(CryptoWarmUp.class)) {
            this.runner.withPropertyValues("falco.client.key=" + KEY, "falco.client.targets.orders.host=127.0.0.1",
                    "falco.client.targets.orders.crypto-warm-up=false")
                .run((context) -> {
                    assertThat(context).hasBean("ordersFalcoClient");
                    warmUp.verify(() -> CryptoWarmUp.ensureWarm(AeadEngine.JDK));
                });
        }
    }

    @Test
    void clientWithoutKeyFailsNamingThePropertyToSet() {
        this.runner.withPropertyValues("falco.client.host=127.0.0.1")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidFalcoKeyException.class)
                .hasMessageContaining("falco.client.key"));
    }

    @Test
    void targetKeyOverridesTheDefaultKeyAndIsNamedWhenWrong() {
        this.runner.withPropertyValues("falco.client.key=" + KEY, "falco.client.targets.orders.host=127.0.0.1",
                "falco.client.targets.orders.key=tooshort")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidFalcoKeyException.class)
                .hasMessageContaining("falco.client.targets.orders.key")
                .message().doesNotContain("tooshort"));
    }

    /**
     * Asserts that start-up failed on the property, for the reason given by the builder (its message, unchanged).
     */
    private static void assertFailsNaming(Throwable failure, String property, String reason) {
        assertThat(failure).rootCause().isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
                (ex) -> {
                    assertThat(ex.getName()).isEqualTo(property);
                    assertThat(ex.getReason()).isEqualTo(reason);
                });
    }

    record Greeting(String text) {
    }

    @Configuration(proxyBeanMethods = false)
    static class TargetUser {

        final FalcoClient orders;

        final FalcoClient billing;

        TargetUser(@Qualifier("orders") FalcoClient orders, @Qualifier("billing") FalcoClient billing) {
            this.orders = orders;
            this.billing = billing;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class DefaultAndTargetUser {

        final FalcoClient unqualified;

        final FalcoClient orders;

        DefaultAndTargetUser(FalcoClient unqualified, @Qualifier("orders") FalcoClient orders) {
            this.unqualified = unqualified;
            this.orders = orders;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UserClient {

        @Bean
        FalcoClient myClient(FalcoClientBuilder builder) {
            return builder.name("mine").host("127.0.0.1").port(7878).key(FalcoKey.generate()).build();
        }

    }

}
