package io.falcotcp.spring.autoconfigure;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.actuate.FalcoClientMetrics;
import io.falcotcp.spring.actuate.FalcoServerMetrics;
import io.falcotcp.spring.client.FalcoClient;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of FalcoTCP meters when Micrometer is on the class path; Spring Boot binds them to the
 * application's meter registries. Request timers come from the observations of handlers and clients.
 */
@AutoConfiguration(after = { FalcoServerAutoConfiguration.class, FalcoClientAutoConfiguration.class })
@ConditionalOnClass(MeterBinder.class)
public final class FalcoMetricsAutoConfiguration {

    @Bean
    @ConditionalOnBean(FalcoServer.class)
    @ConditionalOnMissingBean
    FalcoServerMetrics falcoServerMetrics(FalcoServer server) {
        return new FalcoServerMetrics(server);
    }

    @Bean
    @ConditionalOnBean(FalcoClient.class)
    @ConditionalOnMissingBean
    FalcoClientMetrics falcoClientMetrics(ObjectProvider<FalcoClient> clients) {
        return new FalcoClientMetrics(clients.orderedStream().toList());
    }

}
