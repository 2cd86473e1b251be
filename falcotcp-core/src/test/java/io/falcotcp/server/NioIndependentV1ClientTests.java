package io.falcotcp.server;

import io.falcotcp.transport.TransportKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The independent-client round trips on the NIO transport.
 */
class NioIndependentV1ClientTests extends IndependentV1ClientTests {

    @Override
    TransportKind transport() {
        return TransportKind.NIO;
    }

    @Test
    void serverRunsOnNio() {
        assertThat(startedServer().transport().kind()).isEqualTo(TransportKind.NIO);
    }

}
