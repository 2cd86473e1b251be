package io.falcotcp.spring.client;

import java.util.List;
import java.util.Objects;

import org.springframework.context.SmartLifecycle;

/**
 * Opens the connections of the application's {@link FalcoClient}s once the context is ready, after the FalcoTCP
 * server of the same application listens, so that a service that calls itself does not start with failed
 * connection attempts. A request made earlier connects its client on the spot. Closing happens when the client
 * beans are destroyed.
 */
public class FalcoClientConnector implements SmartLifecycle {

    /** Last to start: after {@link io.falcotcp.spring.server.FalcoServerLifecycle#PHASE}. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE;

    private final List<FalcoClient> clients;

    private volatile boolean running;

    /**
     * Creates a connector.
     * @param clients the clients to connect
     */
    public FalcoClientConnector(List<FalcoClient> clients) {
        this.clients = List.copyOf(Objects.requireNonNull(clients, "clients must not be null"));
    }

    @Override
    public void start() {
        this.clients.forEach((client) -> client.getTcpClient().connect());
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

}
