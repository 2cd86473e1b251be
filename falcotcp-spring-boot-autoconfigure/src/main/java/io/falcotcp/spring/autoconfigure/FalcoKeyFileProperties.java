package io.falcotcp.spring.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * How key files with {@code reload-key-file} set are watched ({@code falco.key-files.*}).
 */
@ConfigurationProperties("falco.key-files")
public class FalcoKeyFileProperties implements InitializingBean {

    /**
     * How often reloaded key files are read; a change is applied once the content is the same at two checks in a
     * row, so between one and two intervals after it was written.
     */
    private Duration checkInterval = Duration.ofSeconds(10);

    public Duration getCheckInterval() {
        return this.checkInterval;
    }

    public void setCheckInterval(Duration checkInterval) {
        this.checkInterval = checkInterval;
    }

    /**
     * Checks the bound values, so that a bad one fails start-up naming its property.
     */
    @Override
    public void afterPropertiesSet() {
        if (this.checkInterval.isNegative() || this.checkInterval.isZero()) {
            throw new InvalidConfigurationPropertyValueException("falco.key-files.check-interval", this.checkInterval,
                    "must be positive");
        }
    }

}
