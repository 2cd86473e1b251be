package io.falcotcp.client;

import java.time.Duration;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.transport.TransportKind;
import org.jspecify.annotations.Nullable;

/**
 * The validated configuration of a {@link FalcoTcpClient}, as built by {@link FalcoTcpClient.Builder}: the
 * client's, whose {@code server} is {@code null}, and a copy per endpoint, naming it.
 */
record ClientSettings(@Nullable ServerAddress server, ClientKey key, int poolSize, Duration connectTimeout,
        Duration requestTimeout, Duration pingInterval, Duration pingTimeout, Duration reconnectInitialBackoff,
        Duration reconnectMaxBackoff, int maxFrameSize, TransportKind transport, int eventLoopThreads,
        AeadEngine aeadEngine, int maxPipelinedRequests, ClientMode mode, boolean compression,
        int compressionThreshold) {

    /**
     * The same settings for the pool of one endpoint.
     * @param endpoint the endpoint
     * @return the settings naming it
     */
    ClientSettings withServer(ServerAddress endpoint) {
        return new ClientSettings(endpoint, this.key, this.poolSize, this.connectTimeout, this.requestTimeout,
                this.pingInterval, this.pingTimeout, this.reconnectInitialBackoff, this.reconnectMaxBackoff,
                this.maxFrameSize, this.transport, this.eventLoopThreads, this.aeadEngine, this.maxPipelinedRequests,
                this.mode, this.compression, this.compressionThreshold);
    }

    /**
     * The endpoint's address for messages: {@code host:port}, or {@code local:name} in-process.
     * @return the address text
     */
    String endpoint() {
        return String.valueOf(this.server);
    }

}
