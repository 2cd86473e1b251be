package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.LoadBalancing;
import io.falcotcp.crypto.AeadEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code falco.client.*} and {@code falco.client.targets.<name>.*} are bound: one rule of inheritance per test,
 * the property each value is named by, the checks of properties that go together, and keys kept out of the text.
 */
class FalcoClientPropertiesTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private static final String TARGET_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void settingsShowEverythingButTheKey() {
        bound((properties) -> {
            assertThat(properties.defaultClient().toString()).contains("host = 'orders.internal'",
                    "key = '[redacted]'", "mode = SESSION")
                .doesNotContain(KEY).doesNotContain(KEY.substring(0, 12));
            assertThat(properties.target("billing").toString()).contains("key = '[redacted]'")
                .doesNotContain(TARGET_KEY).doesNotContain(TARGET_KEY.substring(0, 12));
        }, "falco.client.host=orders.internal", "falco.client.key=" + KEY, "falco.client.targets.billing.key="
                + TARGET_KEY);
    }

    @Test
    void settingsShowWhereTheKeyFileIsButNotItsContent(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("falco.key"), KEY);
        bound((properties) -> assertThat(properties.defaultClient().toString()).contains("key = [null]",
                file.toString()).doesNotContain(KEY), "falco.client.key-file=file:" + file);
        FalcoClientConnectionProperties settings = new FalcoClientConnectionProperties();
        settings.setKeyFile(new ByteArrayResource(KEY.getBytes(StandardCharsets.US_ASCII)));
        assertThat(settings.toString()).doesNotContain(KEY);
    }

    @Test
    void aTargetTakesEveryValueItLeavesUnsetFromTheDefaultClient() {
        bound((properties) -> {
            FalcoClientConnectionProperties inherits = properties.target("inherits").settings();
            assertThat(inherits.getPort()).isEqualTo(9000);
            assertThat(inherits.getPoolSize()).isEqualTo(4);
            assertThat(inherits.getRequestTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(inherits.getMaxFrameSize()).isEqualTo(DataSize.ofMegabytes(2));
            assertThat(inherits.getCryptoEngine()).isEqualTo(AeadEngine.BOUNCY_CASTLE);
            assertThat(inherits.getMode()).isEqualTo(ClientMode.V1);
            assertThat(inherits.getLoadBalancing()).isEqualTo(LoadBalancing.ROUND_ROBIN);
            assertThat(inherits.isCompression()).isTrue();
            assertThat(inherits.getIdempotentRoutes()).containsExactly("orders.get");
            FalcoClientConnectionProperties own = properties.target("own").settings();
            assertThat(own.getPoolSize()).isEqualTo(2);
            assertThat(own.getMode()).isEqualTo(ClientMode.AUTO);
            assertThat(own.getIdempotentRoutes()).containsExactly("orders.list", "orders.count");
            assertThat(own.getRequestTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(properties.getPoolSize()).isEqualTo(4);
            assertThat(properties.getIdempotentRoutes()).containsExactly("orders.get");
        }, "falco.client.port=9000", "falco.client.pool-size=4", "falco.client.request-timeout=3s",
                "falco.client.max-frame-size=2MB", "falco.client.crypto-engine=bouncy-castle",
                "falco.client.mode=v1", "falco.client.load-balancing=round-robin", "falco.client.compression=true",
                "falco.client.idempotent-routes=orders.get", "falco.client.targets.inherits.host=a.internal",
                "falco.client.targets.own.host=b.internal", "falco.client.targets.own.pool-size=2",
                "falco.client.targets.own.mode=auto",
                "falco.client.targets.own.idempotent-routes=orders.list,orders.count");
    }

    @Test
    void aTargetTakesTheDefaultClientsServersOnlyWhenItSetsNoneOfItsOwn() {
        bound((properties) -> {
            assertThat(properties.target("inherits").settings().getHost()).isEqualTo("search.internal");
            FalcoClientConnectionProperties listed = properties.target("listed").settings();
            assertThat(listed.getHost()).isNull();
            assertThat(listed.getEndpoints()).containsExactly("a.internal:7878", "b.internal:7878");
            FalcoClientConnectionProperties discovered = properties.target("discovered").settings();
            assertThat(discovered.getHost()).isNull();
            assertThat(discovered.getServiceId()).isEqualTo("orders");
            assertThat(properties.getEndpoints()).isEmpty();
        }, "falco.client.host=search.internal", "falco.client.targets.inherits.pool-size=2",
                "falco.client.targets.listed.endpoints=a.internal:7878,b.internal:7878",
                "falco.client.targets.discovered.service-id=orders");
        bound((properties) -> {
            assertThat(properties.target("inherits").settings().getEndpoints()).containsExactly("a.internal:7878");
            FalcoClientConnectionProperties hosted = properties.target("hosted").settings();
            assertThat(hosted.getHost()).isEqualTo("c.internal");
            assertThat(hosted.getEndpoints()).isEmpty();
        }, "falco.client.endpoints=a.internal:7878", "falco.client.targets.inherits.pool-size=2",
                "falco.client.targets.hosted.host=c.internal");
    }

    @Test
    void aTargetTakesTheKeyAndTheKeyFileTogetherOrNeither() {
        bound((properties) -> {
            FalcoClientConnectionProperties inherits = properties.target("inherits").settings();
            assertThat(inherits.getKey()).isEqualTo(KEY);
            assertThat(inherits.getKeyFile()).isNull();
            FalcoClientConnectionProperties filed = properties.target("filed").settings();
            assertThat(filed.getKey()).isNull();
            assertThat(filed.getKeyFile()).isNotNull();
            assertThat(properties.target("filed").prefixOf("key-file")).isEqualTo("falco.client.targets.filed");
            assertThat(properties.target("inherits").prefixOf("key")).isEqualTo("falco.client");
        }, "falco.client.key=" + KEY, "falco.client.targets.inherits.host=a.internal",
                "falco.client.targets.filed.host=b.internal",
                "falco.client.targets.filed.key-file=file:/run/falco.key");
        bound((properties) -> {
            FalcoClientConnectionProperties keyed = properties.target("keyed").settings();
            assertThat(keyed.getKey()).isEqualTo(TARGET_KEY);
            assertThat(keyed.getKeyFile()).isNull();
            assertThat(properties.target("inherits").settings().getKeyFile()).isNotNull();
        }, "falco.client.key-file=file:/run/falco.key", "falco.client.targets.inherits.host=a.internal",
                "falco.client.targets.keyed.host=b.internal", "falco.client.targets.keyed.key=" + TARGET_KEY);
    }

    @Test
    void anInheritedResolveAllAppliesToAHostOnly() {
        bound((properties) -> {
            assertThat(properties.target("inherits").settings().isResolveAll()).isTrue();
            assertThat(properties.target("hosted").settings().isResolveAll()).isTrue();
            FalcoClientConnectionProperties listed = properties.target("listed").settings();
            assertThat(listed.isResolveAll()).isFalse();
            assertThat(listed.getEndpoints()).containsExactly("a.internal:7878");
        }, "falco.client.host=search.prod.svc.cluster.local", "falco.client.resolve-all=true",
                "falco.client.targets.inherits.pool-size=2", "falco.client.targets.hosted.host=other.svc",
                "falco.client.targets.listed.endpoints=a.internal:7878");
    }

    @Test
    void aValueIsNamedByThePropertyItWasReadFrom() {
        bound((properties) -> {
            assertThat(properties.defaultClient().property("pool-size")).isEqualTo("falco.client.pool-size");
            ConfiguredClient orders = properties.target("orders");
            assertThat(orders.property("pool-size")).isEqualTo("falco.client.pool-size");
            assertThat(orders.property("request-timeout")).isEqualTo("falco.client.targets.orders.request-timeout");
            assertThat(orders.property("endpoints[1]")).isEqualTo("falco.client.targets.orders.endpoints[1]");
        }, "falco.client.pool-size=4", "falco.client.targets.orders.request-timeout=1s",
                "falco.client.targets.orders.endpoints=a.internal:7878,b.internal:7878");
    }

    @Test
    void aTargetWithoutServersHereOrInTheDefaultClientFailsNamingItsHost() {
        this.runner.withPropertyValues("falco.client.targets.orders.pool-size=2")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.client.targets.orders.host"));
    }

    @Test
    void reloadKeyFileWithAKeyGivenAsTextFailsNamingTheTargetsProperty() {
        this.runner.withPropertyValues("falco.client.reload-key-file=true", "falco.client.key-file=file:/run/a.key",
                "falco.client.targets.orders.host=a.internal", "falco.client.targets.orders.key=" + TARGET_KEY)
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.client.targets.orders.reload-key-file")
                .hasMessageContaining("needs a key-file"));
    }

    private void bound(Consumer<FalcoClientProperties> assertions, String... properties) {
        this.runner.withPropertyValues(properties).run((context) -> {
            assertThat(context).hasNotFailed();
            assertions.accept(context.getBean(FalcoClientProperties.class));
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(FalcoClientProperties.class)
    static class PropertiesConfiguration {

    }

}
