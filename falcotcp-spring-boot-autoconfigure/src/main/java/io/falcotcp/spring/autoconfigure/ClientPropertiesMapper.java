package io.falcotcp.spring.autoconfigure;

import java.util.List;
import java.util.function.Consumer;

import io.falcotcp.client.Endpoint;
import io.falcotcp.client.FalcoTcpClient;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Copies the settings of one auto-configured client onto its {@link FalcoTcpClient.Builder}, each property to one
 * builder call. The builder checks each value; one it refuses fails start-up naming the property it was read
 * from ({@link BuilderProperties}): the target's own, or the default client's that it inherits.
 */
final class ClientPropertiesMapper {

    private final ConfiguredClient client;

    ClientPropertiesMapper(ConfiguredClient client) {
        this.client = client;
    }

    /**
     * Copies every setting but the key, which {@link KeyResolver} reads, and the crypto warm-up, which is one
     * switch for all clients.
     * @param builder the client's builder
     */
    void map(FalcoTcpClient.Builder builder) {
        FalcoClientConnectionProperties settings = this.client.settings();
        mapServers(settings, builder);
        map("load-balancing", settings.getLoadBalancing(), builder::loadBalancing);
        map("pool-size", settings.getPoolSize(), builder::poolSize);
        map("connect-timeout", settings.getConnectTimeout(), builder::connectTimeout);
        map("request-timeout", settings.getRequestTimeout(), builder::requestTimeout);
        map("ping-interval", settings.getPingInterval(), builder::pingInterval);
        map("ping-timeout", settings.getPingTimeout(), builder::pingTimeout);
        map("transport", settings.getTransport(), builder::transport);
        map("max-frame-size", settings.getMaxFrameSize(),
                (size) -> builder.maxFrameSize(BuilderProperties.intBytes(size)));
        map("event-loop-threads", settings.getEventLoopThreads(), builder::eventLoopThreads);
        map("max-pipelined-requests", settings.getMaxPipelinedRequests(), builder::maxPipelinedRequests);
        map("crypto-engine", settings.getCryptoEngine(), builder::cryptoEngine);
        map("mode", settings.getMode(), builder::mode);
        map("compression", settings.isCompression(), builder::compression);
        map("compression-threshold", settings.getCompressionThreshold(),
                (threshold) -> builder.compressionThreshold(BuilderProperties.intBytes(threshold)));
        map("idempotent-routes", settings.getIdempotentRoutes(), builder::idempotentRoutes);
    }

    /**
     * Where the client sends: its endpoints, every address of its host, or its host. A service id is left to a
     * customizer that gives the builder an endpoint source (falcotcp-spring-cloud's).
     */
    private void mapServers(FalcoClientConnectionProperties settings, FalcoTcpClient.Builder builder) {
        if (settings.getServiceId() != null) {
            return;
        }
        List<String> endpoints = settings.getEndpoints();
        if (!endpoints.isEmpty()) {
            for (int i = 0; i < endpoints.size(); i++) {
                map("endpoints[" + i + "]", endpoints.get(i), (text) -> {
                    Endpoint endpoint = Endpoint.parse(text);
                    builder.endpoint(endpoint.host(), endpoint.port());
                });
            }
            return;
        }
        String host = settings.getHost();
        if (host == null) {
            throw new InvalidConfigurationPropertyValueException(this.client.property("host"), null,
                    "must be set, or endpoints or service-id");
        }
        // host and port are checked as those of one server; resolve-all then sends to each address of host instead
        map("host", host, builder::host);
        map("port", settings.getPort(), builder::port);
        if (settings.isResolveAll()) {
            map("resolve-interval", settings.getResolveInterval(),
                    (interval) -> builder.resolveAll(host, settings.getPort(), interval));
        }
    }

    private <T> void map(String property, @Nullable T value, Consumer<T> setter) {
        BuilderProperties.set(this.client.property(property), value, setter);
    }

}
