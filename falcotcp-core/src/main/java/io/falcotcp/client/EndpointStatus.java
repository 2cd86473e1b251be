package io.falcotcp.client;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The state of one endpoint of a {@link FalcoTcpClient}, for health checks.
 *
 * @param endpoint the endpoint, {@code host:port} (or {@code local:name} in-process)
 * @param state whether it takes requests
 * @param ejectedUntil when an ejected endpoint returns to rotation if a connection to it is up by then;
 *     {@code null} unless {@link State#EJECTED}
 * @param authenticatedConnections its authenticated, open connections
 * @param inFlight its requests sent and not yet answered
 */
public record EndpointStatus(String endpoint, State state, @Nullable Instant ejectedUntil,
        int authenticatedConnections, int inFlight) {

    /**
     * Whether an endpoint takes requests.
     */
    public enum State {

        /** In rotation: at least one authenticated connection, and not ejected. */
        UP,

        /**
         * Out of rotation after a connection to it failed, until {@code ejectedUntil}; its connections are being
         * reopened meanwhile. It takes requests only when no endpoint is up.
         */
        EJECTED,

        /** No authenticated connection yet (the first attempts are under way), and not ejected. */
        CONNECTING

    }

}
