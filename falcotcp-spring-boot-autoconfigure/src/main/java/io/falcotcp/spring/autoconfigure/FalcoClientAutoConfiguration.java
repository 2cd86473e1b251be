package io.falcotcp.spring.autoconfigure;

import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.client.FalcoClientBuilder;
import io.falcotcp.spring.client.FalcoClientInterceptor;
import io.falcotcp.spring.client.FalcoClientConnector;
import io.falcotcp.spring.client.FalcoClientObservationConvention;
import io.falcotcp.spring.codec.PayloadCodecs;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;

/**
 * Auto-configuration of FalcoTCP clients: the default {@link FalcoClient} when {@code falco.client.host},
 * {@code falco.client.endpoints} or {@code falco.client.service-id} is set, one
 * {@link FalcoClient} per {@code falco.client.targets.<name>} (the default one {@code @Primary}, so that it is the
 * one injected without a qualifier), and a prototype {@link FalcoClientBuilder} for clients made in code; every
 * one of them runs the application's {@link FalcoClientInterceptor} beans, in order. Their connections open when
 * the context has started (or on their first request), and close with the context.
 */
@AutoConfiguration(after = FalcoCodecAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(FalcoTcpClient.class)
@EnableConfigurationProperties(FalcoClientProperties.class)
@Import({ FalcoClientTargetsRegistrar.class, FalcoKeyFileWatcherConfiguration.class })
public final class FalcoClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FalcoClientFactory falcoClientFactory(FalcoClientProperties properties, PayloadCodecs codecs,
            ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<FalcoClientCustomizer> customizers,
            ObjectProvider<FalcoClientInterceptor> interceptors, FalcoKeyFileWatcher keyFileWatcher,
            ObjectProvider<FalcoClientObservationConvention> observationConvention) {
        return new FalcoClientFactory(properties, codecs, observationRegistry(properties, observationRegistry),
                customizers.orderedStream().toList(), interceptors.orderedStream().toList(), keyFileWatcher,
                observationConvention.getIfUnique());
    }

    // primary, so that an unqualified injection gets it when falco.client.targets.<name> clients exist too
    @Bean
    @Primary
    @ConditionalOnMissingBean(FalcoClient.class)
    @Conditional(DefaultClientCondition.class)
    FalcoClient falcoClient(FalcoClientFactory factory) {
        return factory.createDefault();
    }

    @Bean
    @ConditionalOnMissingBean
    FalcoClientConnector falcoClientConnector(ObjectProvider<FalcoClient> clients) {
        return new FalcoClientConnector(clients.orderedStream().toList());
    }

    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    @ConditionalOnMissingBean
    FalcoClientBuilder falcoClientBuilder(FalcoClientProperties properties, PayloadCodecs codecs,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<FalcoClientInterceptor> interceptors,
            ObjectProvider<FalcoClientObservationConvention> observationConvention) {
        FalcoClientBuilder builder = new FalcoClientBuilder(codecs,
                observationRegistry(properties, observationRegistry));
        interceptors.orderedStream().forEach(builder::interceptor);
        observationConvention.ifUnique(builder::observationConvention);
        return builder;
    }

    private static ObservationRegistry observationRegistry(FalcoClientProperties properties,
            ObjectProvider<ObservationRegistry> observationRegistry) {
        return properties.getObservation().isEnabled()
                ? observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
    }

}
