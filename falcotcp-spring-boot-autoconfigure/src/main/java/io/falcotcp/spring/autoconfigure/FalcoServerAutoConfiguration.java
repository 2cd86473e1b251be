package io.falcotcp.spring.autoconfigure;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.spring.server.FalcoServerLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the FalcoTCP server: a {@link FalcoServer} built from {@code falco.server.*} that serves the
 * application's {@link RequestHandler}, started and stopped with the context.
 */
@AutoConfiguration
@ConditionalOnClass(FalcoServer.class)
@ConditionalOnBooleanProperty(name = "falco.server.enabled", matchIfMissing = true)
@ConditionalOnBean(RequestHandler.class)
@EnableConfigurationProperties(FalcoServerProperties.class)
public final class FalcoServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FalcoServer falcoServer(FalcoServerProperties properties, RequestHandler handler,
            ObjectProvider<FalcoServerCustomizer> customizers) {
        FalcoServer.Builder builder = FalcoServer.builder()
            .key(KeyResolver.resolve("falco.server", properties.getKey(), properties.getKeyFile()))
            .host(properties.getHost())
            .port(properties.getPort())
            .lifetime(properties.getTimeout())
            .handshakeTimeout(properties.getHandshakeTimeout())
            .transport(properties.getTransport())
            .maxFrameSize((int) properties.getMaxFrameSize().toBytes())
            .maxConnections(properties.getMaxConnections())
            .eventLoopThreads(properties.getEventLoopThreads())
            .handlerQueueCapacity(properties.getHandlerQueueCapacity())
            .shutdownGracePeriod(properties.getShutdownGracePeriod())
            .aeadEngine(properties.getCryptoEngine())
            .handler(handler);
        if (properties.getHandlerThreads() != null) {
            builder.handlerThreads(properties.getHandlerThreads());
        }
        customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    FalcoServerLifecycle falcoServerLifecycle(FalcoServer falcoServer, ApplicationEventPublisher eventPublisher) {
        return new FalcoServerLifecycle(falcoServer, eventPublisher);
    }

}
