package io.falcotcp.spring.autoconfigure;

import java.util.Objects;
import java.util.Set;

/**
 * One auto-configured client as the properties describe it: its name, its settings, and where each setting was read
 * from, so that a bad value fails start-up naming the property that holds it.
 *
 * @param name the client's name: {@code default}, or the target's
 * @param prefix where the client's own properties are: {@code falco.client}, or {@code falco.client.targets.<name>}
 * @param settings the values the client is built with
 * @param ownProperties the properties a target sets under its prefix itself (dashed, as {@code pool-size}); it
 *     inherits every other from {@code falco.client}. Empty for the default client.
 */
public record ConfiguredClient(String name, String prefix, FalcoClientConnectionProperties settings,
        Set<String> ownProperties) {

    /**
     * Checks the components.
     */
    public ConfiguredClient {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(prefix, "prefix must not be null");
        Objects.requireNonNull(settings, "settings must not be null");
        ownProperties = Set.copyOf(ownProperties);
    }

    /**
     * The property a setting was read from.
     * @param property the setting's name under a prefix, as {@code pool-size} or {@code endpoints[1]}
     * @return the full name, as {@code falco.client.targets.orders.pool-size}, or {@code falco.client.pool-size}
     *     for a value the target inherits
     */
    public String property(String property) {
        return prefixOf(property) + "." + property;
    }

    /**
     * The prefix a setting was read from.
     * @param property the setting's name under a prefix, as {@code key}
     * @return the client's own prefix when it sets the property, else {@code falco.client}
     */
    public String prefixOf(String property) {
        int index = property.indexOf('[');
        String name = (index >= 0) ? property.substring(0, index) : property;
        return this.ownProperties.contains(name) ? this.prefix : FalcoClientProperties.PREFIX;
    }

}
