package io.falcotcp.client;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a {@link FalcoTcpClient}, for metrics and health.
 */
public final class FalcoClientStats {

    private final LongAdder connectionsEstablished = new LongAdder();

    private final LongAdder connectionFailures = new LongAdder();

    private final LongAdder authenticationFailures = new LongAdder();

    private final LongAdder downgrades = new LongAdder();

    private final LongAdder bytesReceived = new LongAdder();

    private final LongAdder bytesSent = new LongAdder();

    private final LongAdder keyReplacements = new LongAdder();

    FalcoClientStats() {
    }

    /**
     * Connections that completed the handshake.
     * @return the count since the client was built
     */
    public long connectionsEstablished() {
        return this.connectionsEstablished.sum();
    }

    /**
     * Connection attempts that failed, for any reason, and established connections that were lost.
     * @return the count since the client was built
     */
    public long connectionFailures() {
        return this.connectionFailures.sum();
    }

    /**
     * Connection attempts the server rejected at the handshake (wrong key, or a server refusing the mode).
     * @return the count since the client was built
     */
    public long authenticationFailures() {
        return this.authenticationFailures.sum();
    }

    /**
     * Connections established in plain v1 after the server answered the session hello as v1, which
     * {@link ClientMode#AUTO} accepts (a plain v1 server, or an attacker stripping the session mode). Always 0 in the
     * other modes: {@link ClientMode#SESSION} refuses such a connection, {@link ClientMode#V1} sends no hello.
     * @return the count since the client was built
     */
    public long downgrades() {
        return this.downgrades.sum();
    }

    /**
     * Bytes read from all connections.
     * @return the count since the client was built
     */
    public long bytesReceived() {
        return this.bytesReceived.sum();
    }

    /**
     * Bytes written to all connections.
     * @return the count since the client was built
     */
    public long bytesSent() {
        return this.bytesSent.sum();
    }

    /**
     * Times the key was replaced ({@link FalcoTcpClient#replaceKey}).
     * @return the count since the client was built
     */
    public long keyReplacements() {
        return this.keyReplacements.sum();
    }

    void connectionEstablished() {
        this.connectionsEstablished.increment();
    }

    void connectionFailed(Throwable cause) {
        this.connectionFailures.increment();
        if (cause instanceof FalcoAuthenticationException) {
            this.authenticationFailures.increment();
        }
    }

    void keyReplaced() {
        this.keyReplacements.increment();
    }

    void downgraded() {
        this.downgrades.increment();
    }

    void received(long bytes) {
        this.bytesReceived.add(bytes);
    }

    void sent(long bytes) {
        this.bytesSent.add(bytes);
    }

}
