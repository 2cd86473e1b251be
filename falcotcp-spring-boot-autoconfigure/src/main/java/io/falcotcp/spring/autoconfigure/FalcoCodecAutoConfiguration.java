package io.falcotcp.spring.autoconfigure;

import io.falcotcp.spring.codec.PayloadCodecs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the {@link PayloadCodecs} that FalcoTCP handlers and clients share, reading and writing
 * JSON with the application's {@link JsonMapper}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public final class FalcoCodecAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PayloadCodecs falcoPayloadCodecs(ObjectProvider<JsonMapper> jsonMapper) {
        return new PayloadCodecs(jsonMapper.getIfAvailable(JsonMapper::shared));
    }

}
