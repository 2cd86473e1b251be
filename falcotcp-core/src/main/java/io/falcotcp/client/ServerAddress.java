package io.falcotcp.client;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.IntSupplier;

import io.netty.channel.local.LocalAddress;

/**
 * Where the connections of a {@link FalcoTcpClient} go: a host and port over TCP, or the name of an in-process
 * server of the same JVM.
 */
sealed interface ServerAddress permits ServerAddress.Tcp, ServerAddress.InProcess {

    /**
     * The address to connect to, asked at each connection attempt.
     * @return a TCP address, unresolved so that Netty resolves the host, or a {@link LocalAddress}
     * @throws RuntimeException when the address is not known yet, which fails the attempt
     */
    SocketAddress resolve();

    /**
     * Whether the address is reached over Netty's in-process transport.
     * @return {@code true} for an in-process name
     */
    boolean isInProcess();

    /**
     * A host and a port; the port is asked at each connection attempt, for a server of the same JVM that binds port
     * 0 after the client is built.
     * @param host the host name or address
     * @param port the port
     */
    record Tcp(String host, IntSupplier port) implements ServerAddress {

        @Override
        public SocketAddress resolve() {
            return InetSocketAddress.createUnresolved(this.host, this.port.getAsInt());
        }

        @Override
        public boolean isInProcess() {
            return false;
        }

        /**
         * {@code host:port} (an IPv6 address in brackets, as {@link Endpoint} writes it), with {@code ?} for a port
         * not known yet.
         * @return the address for messages
         */
        @Override
        public String toString() {
            String portText;
            try {
                portText = String.valueOf(this.port.getAsInt());
            }
            catch (RuntimeException ex) {
                portText = "?";
            }
            return ((this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host) + ":" + portText;
        }

    }

    /**
     * The name of an in-process server.
     * @param name the name the server listens under
     */
    record InProcess(String name) implements ServerAddress {

        @Override
        public SocketAddress resolve() {
            return new LocalAddress(this.name);
        }

        @Override
        public boolean isInProcess() {
            return true;
        }

        /**
         * {@code local:name}, as Netty shows a local address.
         * @return the address for messages
         */
        @Override
        public String toString() {
            return "local:" + this.name;
        }

    }

}
