package io.falcotcp.spring.test.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the FalcoTCP test transport ({@code falco.test.*}), read in tests annotated with
 * {@link AutoConfigureTestFalcoTransport @AutoConfigureTestFalcoTransport}.
 */
@ConfigurationProperties("falco.test")
public class FalcoTestProperties {

    /**
     * How the application's clients reach its own server in a test: 'in-process' (no socket: the server listens
     * under a name of its own in the JVM) or 'socket' (the server on a free port of 127.0.0.1, published as
     * local.falco.server.port).
     */
    private Transport transport = Transport.IN_PROCESS;

    public Transport getTransport() {
        return this.transport;
    }

    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    /**
     * The transports of a test.
     */
    public enum Transport {

        /** Netty's local transport: no socket, the same pipeline. */
        IN_PROCESS,

        /** TCP on a free port of the loopback address. */
        SOCKET

    }

}
