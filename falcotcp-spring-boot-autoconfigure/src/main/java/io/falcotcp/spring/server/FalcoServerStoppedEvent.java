package io.falcotcp.spring.server;

import io.falcotcp.server.FalcoServer;
import org.springframework.context.ApplicationEvent;

/**
 * Published when the FalcoTCP server has stopped: it no longer accepts connections, the requests it had read are
 * answered, its connections are closed (at the latest at the end of the shutdown grace period) and its threads are
 * released.
 */
public class FalcoServerStoppedEvent extends ApplicationEvent {

    /**
     * Creates an event.
     * @param server the server that stopped
     */
    public FalcoServerStoppedEvent(FalcoServer server) {
        super(server);
    }

    /**
     * The server that stopped.
     * @return the server
     */
    public FalcoServer getServer() {
        return (FalcoServer) getSource();
    }

}
