package io.falcotcp.spring.autoconfigure;

import io.falcotcp.server.FalcoServer;

/**
 * Callback to adjust the auto-configured {@link FalcoServer} beyond what {@code falco.server.*} properties offer,
 * applied after the properties, in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface FalcoServerCustomizer {

    /**
     * Customizes the server's builder.
     * @param builder the builder, with the properties applied
     */
    void customize(FalcoServer.Builder builder);

}
