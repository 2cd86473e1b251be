package io.falcotcp.server;

import java.net.SocketAddress;
import java.util.Set;

import io.falcotcp.protocol.Metadata;
import io.falcotcp.protocol.SessionFeature;

import org.jspecify.annotations.Nullable;

/**
 * The connection a request arrived on.
 */
public interface RequestContext {

    /**
     * Identifier of the connection, unique within one server.
     * @return the connection id
     */
    long connectionId();

    /**
     * Address of the client.
     * @return the remote address
     */
    SocketAddress remoteAddress();

    /**
     * The route the client named, in the negotiated session mode; plain v1 requests carry none.
     * @return the route, or {@code null} for the default handler
     */
    default @Nullable String route() {
        return null;
    }

    /**
     * Whether the request arrived in the negotiated session mode (per-connection keys, request ids, routes and
     * statuses) rather than plain v1.
     * @return {@code true} in session mode
     */
    default boolean sessionMode() {
        return false;
    }

    /**
     * The optional session features the connection negotiated.
     * @return the features, empty for plain v1
     */
    default Set<SessionFeature> features() {
        return Set.of();
    }

    /**
     * The metadata the client sent with the request (session mode with the metadata feature): string pairs such
     * as a tenant, an authentication token or a trace context.
     * @return the request's metadata, empty for plain v1 and for a request that carried none
     */
    default Metadata metadata() {
        return Metadata.empty();
    }

}
