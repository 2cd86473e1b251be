package io.falcotcp.server;

import java.net.SocketAddress;

/**
 * The {@link RequestContext} of one connection, shared by all of its requests.
 * @param connectionId identifier of the connection
 * @param remoteAddress address of the client
 */
record ConnectionContext(long connectionId, SocketAddress remoteAddress) implements RequestContext {
}
