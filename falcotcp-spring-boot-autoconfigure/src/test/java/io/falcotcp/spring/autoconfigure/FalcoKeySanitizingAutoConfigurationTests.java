package io.falcotcp.spring.autoconfigure;

import java.util.Map;

import io.falcotcp.spring.actuate.FalcoKeySanitizingFunction;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator's {@code env} and {@code configprops} endpoints never show a FalcoTCP key, even set to show values.
 */
class FalcoKeySanitizingAutoConfigurationTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private static final String PREVIOUS_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static final String TARGET_KEY = "HxwdHhscGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE=";

    private static final String CLIENT_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private final JsonMapper json = JsonMapper.builder().build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoKeySanitizingAutoConfiguration.class,
                EnvironmentEndpointAutoConfiguration.class, ConfigurationPropertiesReportEndpointAutoConfiguration.class))
        .withUserConfiguration(FalcoProperties.class)
        .withPropertyValues("management.endpoints.web.exposure.include=env,configprops",
                "management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
                "falco.server.key=" + KEY, "falco.server.previous-keys[0]=" + PREVIOUS_KEY,
                "falco.server.host=127.0.0.2", "falco.server.max-connections=4242",
                "falco.client.host=billing.internal", "falco.client.targets.orders.host=orders.internal",
                "falco.client.targets.orders.key=" + TARGET_KEY)
        .withInitializer((context) -> context.getEnvironment().getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource("test-environment", Map.of("FALCO_CLIENT_KEY", CLIENT_KEY))))
        .withSystemProperties("sun.java.command=app.jar --falco.server.key=" + KEY);

    @Test
    void theEnvEndpointMasksEveryKeyAndShowsTheOtherValues() {
        this.runner.run((context) -> {
            String env = this.json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null));
            assertThat(env).doesNotContain(KEY, PREVIOUS_KEY, TARGET_KEY, CLIENT_KEY)
                .contains("\"falco.server.key\":{\"value\":\"******\"", "\"FALCO_CLIENT_KEY\":{\"value\":\"******\"",
                        "127.0.0.2", "orders.internal", "4242");
        });
    }

    @Test
    void theConfigpropsEndpointMasksEveryKeyAndShowsTheOtherValues() {
        this.runner.run((context) -> {
            String configprops = this.json.writeValueAsString(
                    context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
            assertThat(configprops).doesNotContain(KEY, PREVIOUS_KEY, TARGET_KEY, CLIENT_KEY)
                .contains("\"key\":\"******\"", "\"previousKeys\":[\"******\"]", "127.0.0.2", "orders.internal",
                        "4242");
        });
    }

    @Test
    void withoutTheActuatorNoSanitizingFunctionIsRegistered() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FalcoKeySanitizingAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FalcoKeySanitizingFunction.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ FalcoServerProperties.class, FalcoClientProperties.class })
    static class FalcoProperties {

    }

}
