package io.falcotcp.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link FalcoKeyFileWatcher} shared by the server and the clients, imported by both auto-configurations; it
 * starts no thread unless a key file is reloaded.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FalcoKeyFileProperties.class)
class FalcoKeyFileWatcherConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FalcoKeyFileWatcher falcoKeyFileWatcher(FalcoKeyFileProperties properties) {
        return new FalcoKeyFileWatcher(properties.getCheckInterval());
    }

}
