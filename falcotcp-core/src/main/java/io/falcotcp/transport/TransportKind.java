package io.falcotcp.transport;

/**
 * The Netty transports FalcoTCP can run on.
 */
public enum TransportKind {

    /** io_uring where available, else epoll, else NIO. */
    AUTO,

    /** Linux io_uring (kernel 5.14+ for Netty's implementation). */
    IO_URING,

    /** Linux epoll. */
    EPOLL,

    /** The JDK's NIO selector: works everywhere. */
    NIO

}
