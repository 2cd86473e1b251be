package io.falcotcp.server;

import java.util.List;

import io.falcotcp.transport.TransportKind;
import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringSocketChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The server runs its connections on the transport it selected.
 */
class ServerTransportTests {

    private final byte[] key = SpecV1Connection.randomBytes(32);

    @Test
    void autoSelectsIoUringWhereAvailableAndAcceptsIoUringChannels() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        assertConnectionsUse(TransportKind.AUTO, TransportKind.IO_URING, IoUringSocketChannel.class);
    }

    @Test
    void nioCanBeRequested() throws Exception {
        assertConnectionsUse(TransportKind.NIO, TransportKind.NIO, NioSocketChannel.class);
    }

    private void assertConnectionsUse(TransportKind requested, TransportKind expected,
            Class<? extends Channel> channelClass) throws Exception {
        FalcoServer server = TestServers.startEcho(this.key, (builder) -> builder.transport(requested));
        try (SpecV1Connection connection = SpecV1Connection.open(server.port(), this.key)) {
            assertThat(server.transport().kind()).isEqualTo(expected);
            assertThat(connection.request(SpecV1Connection.bytes("hi"))).isEqualTo(SpecV1Connection.bytes("hi"));
            assertThat(List.copyOf(server.connections())).hasSize(1)
                .allSatisfy((channel) -> assertThat(channel).isInstanceOf(channelClass));
        }
        finally {
            server.stop();
        }
        assertThat(server.isRunning()).isFalse();
    }

}
