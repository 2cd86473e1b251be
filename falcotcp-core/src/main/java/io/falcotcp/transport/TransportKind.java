package io.falcotcp.transport;

/**
 * The Netty transports FalcoTCP can run on: the socket transports (and {@link #AUTO}, the best of them available)
 * and the in-process {@link #LOCAL}.
 */
public enum TransportKind {

    /** io_uring where available, else epoll, else NIO. */
    AUTO,

    /** Linux io_uring (kernel 5.14+ for Netty's implementation). */
    IO_URING,

    /** Linux epoll. */
    EPOLL,

    /** The JDK's NIO selector: works everywhere. */
    NIO,

    /**
     * Netty's in-process transport ({@code LocalChannel}): no socket, a server and its clients in one JVM meet at a
     * name. It is taken by {@code inProcess(name)} on the server's and the client's builders, never by {@link #AUTO}
     * nor by their {@code transport(...)}, which choose among the socket transports.
     */
    LOCAL

}
