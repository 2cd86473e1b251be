package io.falcotcp.spring.test.autoconfigure;

import java.util.UUID;
import java.util.function.Supplier;

import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.autoconfigure.FalcoClientCustomizer;
import io.falcotcp.spring.autoconfigure.FalcoServerCustomizer;
import org.springframework.core.Ordered;

/**
 * Points the application's server and its clients at each other for a test: customizes the server's builder and
 * every client's, last, so that the test's transport wins over the configured hosts and ports.
 */
abstract sealed class TestFalcoTransport implements FalcoServerCustomizer, FalcoClientCustomizer, Ordered
        permits TestFalcoTransport.InProcess, TestFalcoTransport.Socket {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * In-process: the server listens under a name of this application context's own (cached test contexts live side
     * by side in one JVM), and the clients connect to that name.
     */
    static final class InProcess extends TestFalcoTransport {

        private final String name = "falcotcp-test-" + UUID.randomUUID();

        @Override
        public void customize(FalcoServer.Builder builder) {
            builder.inProcess(this.name);
        }

        @Override
        public void customize(String name, FalcoTcpClient.Builder builder) {
            builder.inProcess(this.name);
        }

    }

    /**
     * Over TCP: the server binds a free port of the loopback address, and the clients ask it for that port at each
     * connection attempt (they are built before it listens).
     */
    static final class Socket extends TestFalcoTransport {

        static final String LOOPBACK = "127.0.0.1";

        private final Supplier<FalcoServer> server;

        Socket(Supplier<FalcoServer> server) {
            this.server = server;
        }

        @Override
        public void customize(FalcoServer.Builder builder) {
            builder.host(LOOPBACK).port(0);
        }

        @Override
        public void customize(String name, FalcoTcpClient.Builder builder) {
            builder.host(LOOPBACK).port(() -> this.server.get().port());
        }

    }

}
