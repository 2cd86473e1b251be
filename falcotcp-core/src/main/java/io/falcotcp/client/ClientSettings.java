package io.falcotcp.client;

import java.time.Duration;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.transport.TransportKind;

/**
 * The validated configuration of a {@link FalcoTcpClient}, as built by {@link FalcoTcpClient.Builder}.
 */
record ClientSettings(ServerAddress server, ClientKey key, int poolSize, Duration connectTimeout,
        Duration requestTimeout, Duration pingInterval, Duration pingTimeout, Duration reconnectInitialBackoff,
        Duration reconnectMaxBackoff, int maxFrameSize, TransportKind transport, int eventLoopThreads,
        AeadEngine aeadEngine, int maxPipelinedRequests, ClientMode mode, boolean compression,
        int compressionThreshold) {

    /**
     * The server's address for messages: {@code host:port}, or {@code local:name} in-process.
     * @return the address text
     */
    String endpoint() {
        return this.server.toString();
    }

}
