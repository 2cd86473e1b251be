package io.falcotcp.spring.autoconfigure;

import io.falcotcp.spring.actuate.FalcoKeySanitizingFunction;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the masking of FalcoTCP keys in the actuator's {@code env} and {@code configprops}
 * endpoints when Spring Boot's actuator is on the class path; it applies whatever their {@code show-values}.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class FalcoKeySanitizingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FalcoKeySanitizingFunction falcoKeySanitizingFunction() {
        return new FalcoKeySanitizingFunction();
    }

}
