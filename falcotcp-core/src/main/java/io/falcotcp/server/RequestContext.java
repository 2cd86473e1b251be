package io.falcotcp.server;

import java.net.SocketAddress;

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

}
