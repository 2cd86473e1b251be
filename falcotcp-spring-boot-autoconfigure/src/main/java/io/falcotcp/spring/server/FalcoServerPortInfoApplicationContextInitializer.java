package io.falcotcp.spring.server;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Publishes the port the FalcoTCP server bound as the {@value #PROPERTY_NAME} property once it listens (in the
 * context's environment and its parents', in the {@code server.ports} property source that Spring Boot uses for
 * {@code local.server.port}), so that {@code falco.server.port=0} can be used in tests through
 * {@link LocalFalcoServerPort @LocalFalcoServerPort}. A server that listens in-process has no port: nothing is
 * published for it. Registered through {@code META-INF/spring.factories}.
 */
public class FalcoServerPortInfoApplicationContextInitializer
        implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The property that holds the bound port. */
    public static final String PROPERTY_NAME = "local.falco.server.port";

    private static final String PROPERTY_SOURCE_NAME = "server.ports";

    @Override
    public void initialize(ConfigurableApplicationContext applicationContext) {
        applicationContext.addApplicationListener(new PortPublisher(applicationContext));
    }

    /**
     * Writes the port of each started server into the environments of the context and its ancestors.
     */
    private static final class PortPublisher implements ApplicationListener<FalcoServerStartedEvent> {

        private final ConfigurableApplicationContext applicationContext;

        PortPublisher(ConfigurableApplicationContext applicationContext) {
            this.applicationContext = applicationContext;
        }

        @Override
        public void onApplicationEvent(FalcoServerStartedEvent event) {
            if (event.getPort() < 0) {
                return;
            }
            @Nullable ApplicationContext context = this.applicationContext;
            while (context != null) {
                if (context instanceof ConfigurableApplicationContext configurable) {
                    publish(configurable.getEnvironment(), event.getPort());
                }
                context = context.getParent();
            }
        }

        @SuppressWarnings("unchecked")
        private static void publish(ConfigurableEnvironment environment, int port) {
            MutablePropertySources sources = environment.getPropertySources();
            PropertySource<?> ports = sources.get(PROPERTY_SOURCE_NAME);
            if (ports == null) {
                ports = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
                sources.addFirst(ports);
            }
            ((Map<String, Object>) ports.getSource()).put(PROPERTY_NAME, port);
        }

    }

}
