package io.falcotcp.spring.autoconfigure;

import io.falcotcp.spring.codec.PayloadCodecs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the {@link PayloadCodecs} that FalcoTCP handlers and clients share, reading and writing
 * JSON with the application's {@link JsonMapper}; without Jackson on the class path, bodies are bytes and text only.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public final class FalcoCodecAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonCodecsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PayloadCodecs falcoPayloadCodecs(ObjectProvider<JsonMapper> jsonMapper) {
            return new PayloadCodecs(jsonMapper.getIfAvailable(JsonMapper::shared));
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
    static class PlainCodecsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PayloadCodecs falcoPayloadCodecs() {
            return PayloadCodecs.withoutJson();
        }

    }

}
