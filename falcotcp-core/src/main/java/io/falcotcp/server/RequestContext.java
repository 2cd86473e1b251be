package io.falcotcp.server;

import java.net.SocketAddress;

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

}
