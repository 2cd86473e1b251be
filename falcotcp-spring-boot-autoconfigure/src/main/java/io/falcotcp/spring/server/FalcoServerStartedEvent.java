package io.falcotcp.spring.server;

import io.falcotcp.server.FalcoServer;
import org.springframework.context.ApplicationEvent;

/**
 * Published when the FalcoTCP server listens; carries the bound port, which matters with {@code port: 0}.
 */
public class FalcoServerStartedEvent extends ApplicationEvent {

    /**
     * Creates an event.
     * @param server the server that started
     */
    public FalcoServerStartedEvent(FalcoServer server) {
        super(server);
    }

    /**
     * The server that started.
     * @return the server
     */
    public FalcoServer getServer() {
        return (FalcoServer) getSource();
    }

    /**
     * The port the server listens on.
     * @return the bound port
     */
    public int getPort() {
        return getServer().port();
    }

}
