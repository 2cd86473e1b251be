package io.falcotcp.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.actuate.FalcoClientHealthIndicator;
import io.falcotcp.spring.actuate.FalcoServerHealthIndicator;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.handler.FalcoHandlerRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@code falco} health contributor when Spring Boot's health support is on the class
 * path: {@code server} for the FalcoTCP server, {@code clients.<name>} for each {@link FalcoClient}, each part with
 * its own switch. A client without a connection reports {@link FalcoClientHealthIndicator#DISCONNECTED}, which
 * never turns the application's health {@code DOWN}; readiness counts it only when a health group is told to.
 */
@AutoConfiguration(after = { FalcoServerAutoConfiguration.class, FalcoClientAutoConfiguration.class })
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnEnabledHealthIndicator("falco")
@Conditional(FalcoHealthContributorAutoConfiguration.OnServerOrClientHealth.class)
public final class FalcoHealthContributorAutoConfiguration {

    static final String SERVER_HEALTH_ENABLED = "management.health.falco.server.enabled";

    static final String CLIENTS_HEALTH_ENABLED = "management.health.falco.clients.enabled";

    @Bean
    @ConditionalOnMissingBean(name = "falcoHealthContributor")
    HealthContributor falcoHealthContributor(Environment environment, ObjectProvider<FalcoServer> server,
            ObjectProvider<FalcoHandlerRegistry> registry, ObjectProvider<FalcoClient> clients) {
        Map<String, HealthContributor> contributors = new LinkedHashMap<>();
        if (isEnabled(environment, SERVER_HEALTH_ENABLED)) {
            server.ifAvailable((falcoServer) -> contributors.put("server",
                    new FalcoServerHealthIndicator(falcoServer, registry.getIfAvailable())));
        }
        Map<String, HealthContributor> clientContributors = new LinkedHashMap<>();
        if (isEnabled(environment, CLIENTS_HEALTH_ENABLED)) {
            clients.orderedStream().forEach((client) -> clientContributors.putIfAbsent(client.getName(),
                    new FalcoClientHealthIndicator(client)));
        }
        if (!clientContributors.isEmpty()) {
            contributors.put("clients", CompositeHealthContributor.fromMap(clientContributors));
        }
        return CompositeHealthContributor.fromMap(contributors);
    }

    private static boolean isEnabled(Environment environment, String property) {
        return environment.getProperty(property, Boolean.class, true);
    }

    /** A server or a client whose health is switched on. */
    static final class OnServerOrClientHealth extends AnyNestedCondition {

        OnServerOrClientHealth() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(FalcoServer.class)
        @ConditionalOnBooleanProperty(name = SERVER_HEALTH_ENABLED, matchIfMissing = true)
        static final class ServerHealth {

        }

        @ConditionalOnBean(FalcoClient.class)
        @ConditionalOnBooleanProperty(name = CLIENTS_HEALTH_ENABLED, matchIfMissing = true)
        static final class ClientHealth {

        }

    }

}
