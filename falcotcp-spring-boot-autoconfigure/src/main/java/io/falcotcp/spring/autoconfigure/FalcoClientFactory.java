package io.falcotcp.spring.autoconfigure;

import java.util.List;
import java.util.Objects;

import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.client.FalcoClientInterceptor;
import io.falcotcp.spring.client.FalcoClientObservationConvention;
import io.falcotcp.spring.codec.PayloadCodecs;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.Resource;

/**
 * Creates the {@link FalcoClient}s configured under {@code falco.client}: the default one and the named targets,
 * each adjusted by the {@link FalcoClientCustomizer}s and running the {@link FalcoClientInterceptor}s.
 */
public class FalcoClientFactory {

    private final FalcoClientProperties properties;

    private final PayloadCodecs codecs;

    private final ObservationRegistry observationRegistry;

    private final List<FalcoClientCustomizer> customizers;

    private final List<FalcoClientInterceptor> interceptors;

    private final FalcoKeyFileWatcher keyFileWatcher;

    private final @Nullable FalcoClientObservationConvention observationConvention;

    /**
     * Creates a factory.
     * @param properties the bound {@code falco.client} properties
     * @param codecs the codecs of bodies
     * @param observationRegistry where requests are observed
     * @param customizers applied in order to each client's builder, after the properties
     * @param interceptors run around each request of each client, the first outermost
     * @param keyFileWatcher reloads the key files of clients with {@code reload-key-file} set
     * @param observationConvention the names and key values of the observations, {@code null} for the default
     */
    public FalcoClientFactory(FalcoClientProperties properties, PayloadCodecs codecs,
            ObservationRegistry observationRegistry, List<FalcoClientCustomizer> customizers,
            List<FalcoClientInterceptor> interceptors, FalcoKeyFileWatcher keyFileWatcher,
            @Nullable FalcoClientObservationConvention observationConvention) {
        this.properties = Objects.requireNonNull(properties, "properties must not be null");
        this.codecs = Objects.requireNonNull(codecs, "codecs must not be null");
        this.observationRegistry = Objects.requireNonNull(observationRegistry,
                "observationRegistry must not be null");
        this.customizers = List.copyOf(Objects.requireNonNull(customizers, "customizers must not be null"));
        this.interceptors = List.copyOf(Objects.requireNonNull(interceptors, "interceptors must not be null"));
        this.keyFileWatcher = Objects.requireNonNull(keyFileWatcher, "keyFileWatcher must not be null");
        this.observationConvention = observationConvention;
    }

    /**
     * Creates the default client from {@code falco.client.*}.
     * @return the client, connecting
     */
    public FalcoClient createDefault() {
        return create(this.properties.defaultClient());
    }

    /**
     * Creates the client of a named target from {@code falco.client.targets.<name>.*}.
     * @param name the target
     * @return the client, connecting
     */
    public FalcoClient createTarget(String name) {
        return create(this.properties.target(name));
    }

    private FalcoClient create(ConfiguredClient client) {
        FalcoClientConnectionProperties settings = client.settings();
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder();
        new ClientPropertiesMapper(client).map(builder);
        builder.key(KeyResolver.resolve(client.prefixOf("key"), settings.getKey(), settings.getKeyFile()))
            .cryptoWarmUp(this.properties.isCryptoWarmUp())
            .connectOnBuild(false);
        this.customizers.forEach((customizer) -> customizer.customize(client.name(), builder));
        FalcoTcpClient tcpClient = build(client, builder);
        Resource keyFile = settings.getKeyFile();
        if (settings.isReloadKeyFile() && keyFile != null) {
            String prefix = client.prefixOf("key-file");
            this.keyFileWatcher.watch(prefix + ".key-file", keyFile,
                    (file) -> tcpClient.replaceKey(KeyResolver.resolve(prefix, null, file)));
        }
        return new FalcoClient(client.name(), tcpClient, this.codecs, this.observationRegistry, this.interceptors,
                this.observationConvention);
    }

    private static FalcoTcpClient build(ConfiguredClient client, FalcoTcpClient.Builder builder) {
        try {
            return builder.build();
        }
        catch (IllegalStateException ex) {
            String serviceId = client.settings().getServiceId();
            if (serviceId == null) {
                throw ex;
            }
            // no customizer gave the builder the endpoints of the service
            throw new InvalidConfigurationPropertyValueException(client.property("service-id"), serviceId,
                    "is resolved through Spring Cloud discovery: add falcotcp-spring-cloud and "
                            + "a Spring Cloud discovery client to the application, with spring.cloud.discovery.enabled "
                            + "left true");
        }
    }

}
