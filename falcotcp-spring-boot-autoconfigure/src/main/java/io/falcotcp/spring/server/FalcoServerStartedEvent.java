package io.falcotcp.spring.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.falcotcp.server.FalcoServer;
import org.springframework.context.ApplicationEvent;

/**
 * Published when the FalcoTCP server listens; carries the bound port, which matters with {@code port: 0}, or
 * {@code -1} for a server that listens in-process.
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
     * @return the bound port, or {@code -1} when the server listens in-process (on no port)
     */
    public int getPort() {
        SocketAddress address = getServer().localAddress();
        return (address instanceof InetSocketAddress inet) ? inet.getPort() : -1;
    }

}
