package io.falcotcp.client;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where the endpoints of a {@link FalcoTcpClient} come from when they may change while it runs: a DNS name
 * re-resolved periodically ({@link DnsEndpointSource}), or a service registry. The client opens a connection pool
 * per endpoint the source lists, and retires the pool of an endpoint that leaves the list once its requests are
 * answered.
 */
public interface EndpointSource extends AutoCloseable {

    /**
     * Starts following the endpoints; called once, when the client starts connecting. The listener takes the whole
     * current list each time it changes, on any thread; an empty list keeps the current endpoints (a registry or a
     * DNS server that answers nothing is more often wrong than right).
     * @param listener takes the current endpoints
     */
    void start(Consumer<List<Endpoint>> listener);

    /**
     * Stops following the endpoints; called when the client closes.
     */
    @Override
    void close();

}
