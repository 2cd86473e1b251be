package io.falcotcp.server;

import java.net.SocketAddress;
import java.util.Set;

import io.falcotcp.protocol.Metadata;
import io.falcotcp.protocol.SessionFeature;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RequestContext} of one request in session mode: its connection, its route and its metadata.
 * @param connection the connection the request arrived on
 * @param route the route the client named, {@code null} for the default handler
 * @param features the features the connection negotiated
 * @param metadata the metadata the request carried
 */
record SessionRequestContext(RequestContext connection, @Nullable String route, Set<SessionFeature> features,
        Metadata metadata)
        implements RequestContext {

    @Override
    public long connectionId() {
        return this.connection.connectionId();
    }

    @Override
    public SocketAddress remoteAddress() {
        return this.connection.remoteAddress();
    }

    @Override
    public boolean sessionMode() {
        return true;
    }

}
