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
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of the {@code falco} health contributor when Spring Boot's health support is on the class
 * path: {@code server} for the FalcoTCP server, {@code clients.<name>} for each {@link FalcoClient}.
 */
@AutoConfiguration(after = { FalcoServerAutoConfiguration.class, FalcoClientAutoConfiguration.class })
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnEnabledHealthIndicator("falco")
@Conditional(FalcoHealthContributorAutoConfiguration.OnServerOrClient.class)
public final class FalcoHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "falcoHealthContributor")
    HealthContributor falcoHealthContributor(ObjectProvider<FalcoServer> server,
            ObjectProvider<FalcoHandlerRegistry> registry, ObjectProvider<FalcoClient> clients) {
        Map<String, HealthContributor> contributors = new LinkedHashMap<>();
        server.ifAvailable((falcoServer) -> contributors.put("server",
                new FalcoServerHealthIndicator(falcoServer, registry.getIfAvailable())));
        Map<String, HealthContributor> clientContributors = new LinkedHashMap<>();
        clients.orderedStream().forEach((client) -> clientContributors.putIfAbsent(client.getName(),
                new FalcoClientHealthIndicator(client)));
        if (!clientContributors.isEmpty()) {
            contributors.put("clients", CompositeHealthContributor.fromMap(clientContributors));
        }
        return CompositeHealthContributor.fromMap(contributors);
    }

    static final class OnServerOrClient extends AnyNestedCondition {

        OnServerOrClient() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(FalcoServer.class)
        static final class HasServer {

        }

        @ConditionalOnBean(FalcoClient.class)
        static final class HasClient {

        }

    }

}
