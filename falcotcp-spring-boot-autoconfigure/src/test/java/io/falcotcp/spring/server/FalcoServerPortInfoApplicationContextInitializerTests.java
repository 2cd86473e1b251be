package io.falcotcp.spring.server;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.spring.autoconfigure.FalcoCodecAutoConfiguration;
import io.falcotcp.spring.autoconfigure.FalcoServerAutoConfiguration;
import io.falcotcp.spring.autoconfigure.FalcoServerCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoServerPortInfoApplicationContextInitializerTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withInitializer(new FalcoServerPortInfoApplicationContextInitializer())
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoServerAutoConfiguration.class))
        .withUserConfiguration(EchoHandler.class)
        .withPropertyValues("falco.server.key=" + KEY, "falco.server.host=127.0.0.1", "falco.server.port=0");

    @Test
    void theBoundPortOfPortZeroIsPublishedAsLocalFalcoServerPort() {
        this.runner.run((context) -> {
            int port = context.getBean(FalcoServer.class).port();
            assertThat(port).isPositive();
            assertThat(context.getEnvironment().getProperty("local.falco.server.port", Integer.class))
                .isEqualTo(port);
        });
    }

    @Test
    void localFalcoServerPortInjectsIt() {
        this.runner.run((context) -> {
            PortUser user = context.getAutowireCapableBeanFactory().createBean(PortUser.class);
            assertThat(user.port).isEqualTo(context.getBean(FalcoServer.class).port());
        });
    }

    @Test
    void theParentContextSeesThePortToo() {
        GenericApplicationContext parent = new GenericApplicationContext();
        parent.refresh();
        try {
            this.runner.withParent(parent).run((context) -> assertThat(
                    parent.getEnvironment().getProperty("local.falco.server.port", Integer.class))
                .isEqualTo(context.getBean(FalcoServer.class).port()));
        }
        finally {
            parent.close();
        }
    }

    @Test
    void anInProcessServerPublishesNoPort() {
        this.runner.withBean(FalcoServerCustomizer.class, () -> (builder) -> builder.inProcess("port-info-test"))
            .run((context) -> {
                assertThat(context.getBean(FalcoServer.class).isRunning()).isTrue();
                assertThat(context.getEnvironment().containsProperty("local.falco.server.port")).isFalse();
            });
    }

    @Test
    void withoutAServerThereIsNoProperty() {
        new ApplicationContextRunner().withInitializer(new FalcoServerPortInfoApplicationContextInitializer())
            .run((context) -> assertThat(context.getEnvironment().containsProperty("local.falco.server.port"))
                .isFalse());
    }

    static class PortUser {

        @LocalFalcoServerPort
        int port;

    }

    @Configuration(proxyBeanMethods = false)
    static class EchoHandler {

        @Bean
        RequestHandler echo() {
            return (request, context) -> request;
        }

    }

}
