package io.falcotcp.spring.actuate;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which values the FalcoTCP sanitizing function masks.
 */
class FalcoKeySanitizingFunctionTests {

    private final FalcoKeySanitizingFunction function = new FalcoKeySanitizingFunction();

    @ParameterizedTest
    @ValueSource(strings = { "falco.server.key", "falco.client.key", "falco.client.targets.orders.key",
            "falco.client.targets.my_orders.key", "falco.server.previous-keys", "falco.server.previous-keys[0]",
            "falco.server.previousKeys[1]", "falco.server.previouskeys[2]", "FALCO_SERVER_KEY", "FALCO_CLIENT_KEY",
            "FALCO_CLIENT_TARGETS_ORDERS_KEY", "FALCO_SERVER_PREVIOUSKEYS_0", "Falco.Server.Key" })
    void keysAreMaskedInEverySpelling(String name) {
        assertThat(sanitize(name, "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=")).isEqualTo("******");
    }

    @ParameterizedTest
    @ValueSource(strings = { "falco.server.key-file", "falco.server.keyFile", "FALCO_SERVER_KEYFILE",
            "falco.client.targets.orders.key-file", "falco.server.session-key-lifetime", "falco.server.host",
            "falco.client.targets.key.host", "spring.ssl.bundle.pem.server.keystore.private-key",
            "server.ssl.key-store-password", "key", "falco" })
    void otherPropertiesAreLeftAlone(String name) {
        assertThat(sanitize(name, "/etc/falco/key")).isEqualTo("/etc/falco/key");
    }

    @Test
    void aCommandLineThatNamesAKeyIsMasked() {
        assertThat(sanitize("sun.java.command", "app.jar --server.port=8080 --falco.server.key=q83vEjRWeJCrze8S"))
            .isEqualTo("******");
        assertThat(sanitize("sun.java.command", "app.jar --falco.client.targets.orders.key=q83vEjRWeJCrze8S"))
            .isEqualTo("******");
    }

    @Test
    void aCommandLineWithoutAKeyStaysVisible() {
        assertThat(sanitize("sun.java.command", "io.falcotcp.sample.SampleApplication --server.port=8080"))
            .isEqualTo("io.falcotcp.sample.SampleApplication --server.port=8080");
    }

    @Test
    void applicationJsonThatNamesAKeyIsMasked() {
        String json = "{\"falco\":{\"server\":{\"key\":\"q83vEjRWeJCrze8S\"}}}";
        assertThat(sanitize("SPRING_APPLICATION_JSON", json)).isEqualTo("******");
        assertThat(sanitize("spring.application.json", json)).isEqualTo("******");
    }

    private Object sanitize(String name, String value) {
        MapPropertySource source = new MapPropertySource("test", Map.of(name, value));
        return this.function.apply(new SanitizableData(source, name, value)).getValue();
    }

}
