package io.falcotcp.spring.autoconfigure;

import java.util.Set;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.actuate.FalcoClientMetrics;
import io.falcotcp.spring.actuate.FalcoRequestMeterObservationHandler;
import io.falcotcp.spring.actuate.FalcoServerMetrics;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.handler.ServerRequestObservation;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of FalcoTCP meters when Micrometer is on the class path; Spring Boot binds them to the
 * application's meter registries. Request timers come from the observations of handlers and clients, recorded by a
 * {@link FalcoRequestMeterObservationHandler} ahead of Boot's default meter handler.
 */
@AutoConfiguration(after = { FalcoServerAutoConfiguration.class, FalcoClientAutoConfiguration.class },
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
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

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ MeterObservationHandler.class, MetricsProperties.class })
    @ConditionalOnBean(MetricsProperties.class)
    static class RequestMeterConfiguration {

        // before Boot's DefaultMeterObservationHandler (unordered), which would look each request's meters up
        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE + 1000)
        @ConditionalOnMissingBean
        FalcoRequestMeterObservationHandler falcoRequestMeterObservationHandler(
                ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<Clock> clock,
                MetricsProperties properties) {
            MeterRegistry registry = meterRegistry
                .getIfAvailable(() -> new CompositeMeterRegistry(clock.getIfAvailable(() -> Clock.SYSTEM)));
            boolean longTaskTimers = !properties.getObservations()
                .getIgnoredMeters()
                .contains(IgnoredMeters.LONG_TASK_TIMER);
            return new FalcoRequestMeterObservationHandler(registry,
                    Set.of(ServerRequestObservation.NAME, FalcoClient.OBSERVATION_NAME), longTaskTimers);
        }

    }

}
