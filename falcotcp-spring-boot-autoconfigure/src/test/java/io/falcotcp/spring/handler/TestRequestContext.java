package io.falcotcp.spring.handler;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.falcotcp.server.RequestContext;
import org.jspecify.annotations.Nullable;

/**
 * A request context made by hand, with the route the session mode would carry.
 */
record TestRequestContext(@Nullable String route) implements RequestContext {

    static final TestRequestContext PLAIN_V1 = new TestRequestContext(null);

    @Override
    public long connectionId() {
        return 42;
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

}
