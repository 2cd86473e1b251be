package io.falcotcp.spring.autoconfigure;

import io.falcotcp.spring.client.FalcoClient;

/**
 * The factory method of the {@link FalcoClient} beans of named targets, registered by
 * {@link FalcoClientTargetsRegistrar}.
 */
final class FalcoClientTarget {

    private FalcoClientTarget() {
    }

    /**
     * Creates the client of a named target.
     * @param factory the application's client factory
     * @param name the target
     * @return the client
     */
    static FalcoClient create(FalcoClientFactory factory, String name) {
        return factory.createTarget(name);
    }

}
