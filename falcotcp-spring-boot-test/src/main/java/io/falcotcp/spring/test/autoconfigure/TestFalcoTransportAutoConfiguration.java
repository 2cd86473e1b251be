package io.falcotcp.spring.test.autoconfigure;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.autoconfigure.FalcoClientAutoConfiguration;
import io.falcotcp.spring.autoconfigure.FalcoServerAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the FalcoTCP test transport, imported by
 * {@link AutoConfigureTestFalcoTransport @AutoConfigureTestFalcoTransport}: when the application has a FalcoTCP
 * server, it makes the server listen in-process or on a free loopback port ({@code falco.test.transport}) and
 * points every auto-configured {@code FalcoClient} at it.
 */
@AutoConfiguration(after = { FalcoServerAutoConfiguration.class, FalcoClientAutoConfiguration.class })
@ConditionalOnClass(FalcoServer.class)
@ConditionalOnBean(FalcoServer.class)
@EnableConfigurationProperties(FalcoTestProperties.class)
public final class TestFalcoTransportAutoConfiguration {

    @Bean
    TestFalcoTransport testFalcoTransport(FalcoTestProperties properties, ObjectProvider<FalcoServer> server) {
        return switch (properties.getTransport()) {
            case IN_PROCESS -> new TestFalcoTransport.InProcess();
            case SOCKET -> new TestFalcoTransport.Socket(server::getObject);
        };
    }

}
