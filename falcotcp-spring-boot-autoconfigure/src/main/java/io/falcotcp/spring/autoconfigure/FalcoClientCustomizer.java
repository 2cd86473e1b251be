package io.falcotcp.spring.autoconfigure;

import io.falcotcp.client.FalcoTcpClient;

/**
 * Callback to adjust the connections of the auto-configured {@code FalcoClient}s (the default one and each
 * {@code falco.client.targets.<name>}) beyond what {@code falco.client.*} properties offer, applied after the
 * properties, in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface FalcoClientCustomizer {

    /**
     * Customizes the builder of one client's connections.
     * @param name the client's name: {@code default}, or the target's name
     * @param builder the builder, with the properties applied
     */
    void customize(String name, FalcoTcpClient.Builder builder);

}
