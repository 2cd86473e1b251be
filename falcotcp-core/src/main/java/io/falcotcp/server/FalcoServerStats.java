package io.falcotcp.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a {@link FalcoServer}; they keep counting across restarts of the same server.
 */
public final class FalcoServerStats {

    private final AtomicInteger activeConnections = new AtomicInteger();

    private final LongAdder acceptedConnections = new LongAdder();

    private final LongAdder rejectedConnections = new LongAdder();

    private final LongAdder acceptFailures = new LongAdder();

    private final LongAdder authenticationFailures = new LongAdder();

    private final AtomicInteger pendingHandshakes = new AtomicInteger();

    private final LongAdder evictedHandshakes = new LongAdder();

    private final LongAdder replayedHandshakes = new LongAdder();

    private final LongAdder replayCacheOverflows = new LongAdder();

    private final LongAdder sessionHandshakes = new LongAdder();

    private final LongAdder sessionVersion1Handshakes = new LongAdder();

    private final LongAdder keyReplacements = new LongAdder();

    private final LongAdder oversizedFrames = new LongAdder();

    private final LongAdder requests = new LongAdder();

    private final LongAdder requestsInFlight = new LongAdder();

    private final LongAdder rejectedRequests = new LongAdder();

    private final LongAdder decryptFailures = new LongAdder();

    private final LongAdder handlerFailures = new LongAdder();

    private final LongAdder sessionProtocolErrors = new LongAdder();

    private final LongAdder bytesReceived = new LongAdder();

    private final LongAdder bytesSent = new LongAdder();

    FalcoServerStats() {
    }

    /**
     * Connections open now, established or still in their handshake.
     * @return the number of open connections
     */
    public int activeConnections() {
        return this.activeConnections.get();
    }

    /**
     * Connections accepted since the server was created.
     * @return the count
     */
    public long acceptedConnections() {
        return this.acceptedConnections.sum();
    }

    /**
     * Connections closed at accept because {@code maxConnections} were open, all of them authenticated.
     * @return the count
     */
    public long rejectedConnections() {
        return this.rejectedConnections.sum();
    }

    /**
     * Attempts to accept a connection that failed, mostly because the process or the system had no file descriptor
     * left ({@code EMFILE}, {@code ENFILE}). After each the server pauses accepting briefly, so while the limit is
     * reached this grows by a few per second, not per waiting client.
     * @return the count
     */
    public long acceptFailures() {
        return this.acceptFailures.sum();
    }

    /**
     * Connections closed during the handshake: wrong key, first frame not an auth frame, handshake timeout, a
     * session-mode client whose first frame did not open, a full replay cache. Replayed handshakes and evicted
     * connections are counted apart.
     * @return the count
     */
    public long authenticationFailures() {
        return this.authenticationFailures.sum();
    }

    /**
     * Connections open now that have not completed their handshake (for the session mode: whose first session
     * frame has not opened yet).
     * @return the number of pending handshakes
     */
    public int pendingHandshakes() {
        return this.pendingHandshakes.get();
    }

    /**
     * Pending connections closed to make room for a newer one: the pre-authentication budget (per address or in
     * total) or the connection limit was reached.
     * @return the count
     */
    public long evictedHandshakes() {
        return this.evictedHandshakes.sum();
    }

    /**
     * Handshakes refused as replays: an auth frame the server accepted before, or a session hello whose clock is
     * outside the replay window. Each was closed without a byte written, before any key agreement.
     * @return the count
     */
    public long replayedHandshakes() {
        return this.replayedHandshakes.sum();
    }

    /**
     * Handshakes refused because the replay cache was full, so that a replay could not be ruled out (also counted as
     * authentication failures).
     * @return the count
     */
    public long replayCacheOverflows() {
        return this.replayCacheOverflows.sum();
    }

    /**
     * Session hellos answered: each cost the server one X25519 key pair and agreement.
     * @return the count, version-1 hellos included
     */
    public long sessionHandshakes() {
        return this.sessionHandshakes.sum();
    }

    /**
     * Session hellos of the first session version answered, which a server accepts only when told to.
     * @return the count
     */
    public long sessionVersion1Handshakes() {
        return this.sessionVersion1Handshakes.sum();
    }

    /**
     * Times the keys were replaced while the server existed ({@link FalcoServer#replaceKeys}).
     * @return the count
     */
    public long keyReplacements() {
        return this.keyReplacements.sum();
    }

    /**
     * Connections closed because a message frame announced a length above {@code maxFrameSize}.
     * @return the count
     */
    public long oversizedFrames() {
        return this.oversizedFrames.sum();
    }

    /**
     * Message frames received on established connections.
     * @return the count
     */
    public long requests() {
        return this.requests.sum();
    }

    /**
     * Requests received whose response has not been written yet.
     * @return the number of requests in flight
     */
    public long requestsInFlight() {
        return this.requestsInFlight.sum();
    }

    /**
     * Requests answered with the empty response because the handler executor refused them.
     * @return the count
     */
    public long rejectedRequests() {
        return this.rejectedRequests.sum();
    }

    /**
     * Messages that did not decrypt (bad tag or shorter than 28 bytes), answered with the empty response.
     * @return the count
     */
    public long decryptFailures() {
        return this.decryptFailures.sum();
    }

    /**
     * Requests whose handler threw or returned {@code null}, answered with the empty response.
     * @return the count
     */
    public long handlerFailures() {
        return this.handlerFailures.sum();
    }

    /**
     * Session-mode connections closed because a client frame broke the session rules: a frame that did not open
     * under the next counter (replayed, reordered, missing or modified), a length out of range, or a malformed
     * plaintext. Each closes its connection without an answer, so each is counted once.
     * @return the count
     */
    public long sessionProtocolErrors() {
        return this.sessionProtocolErrors.sum();
    }

    /**
     * Bytes read from all connections.
     * @return the count
     */
    public long bytesReceived() {
        return this.bytesReceived.sum();
    }

    /**
     * Bytes written to all connections.
     * @return the count
     */
    public long bytesSent() {
        return this.bytesSent.sum();
    }

    boolean tryOpenConnection(int maxConnections) {
        while (true) {
            int current = this.activeConnections.get();
            if (current >= maxConnections) {
                return false;
            }
            if (this.activeConnections.compareAndSet(current, current + 1)) {
                this.acceptedConnections.increment();
                return true;
            }
        }
    }

    /**
     * Counts a connection opened in the place of an evicted one, whose slot frees as it closes.
     * @return {@code true}
     */
    boolean openConnection() {
        this.activeConnections.incrementAndGet();
        this.acceptedConnections.increment();
        return true;
    }

    void connectionRejected() {
        this.rejectedConnections.increment();
    }

    void handshakeStarted() {
        this.pendingHandshakes.incrementAndGet();
    }

    void handshakeEnded() {
        this.pendingHandshakes.decrementAndGet();
    }

    void handshakeEvicted() {
        this.evictedHandshakes.increment();
    }

    void handshakeReplayed() {
        this.replayedHandshakes.increment();
    }

    void replayCacheFull() {
        this.replayCacheOverflows.increment();
        this.authenticationFailures.increment();
    }

    void sessionHandshake(byte version) {
        this.sessionHandshakes.increment();
        if (version == io.falcotcp.protocol.SessionHandshake.VERSION_1) {
            this.sessionVersion1Handshakes.increment();
        }
    }

    void keysReplaced() {
        this.keyReplacements.increment();
    }

    void acceptFailed() {
        this.acceptFailures.increment();
    }

    void connectionClosed() {
        this.activeConnections.decrementAndGet();
    }

    void authenticationFailed() {
        this.authenticationFailures.increment();
    }

    void oversizedFrame() {
        this.oversizedFrames.increment();
    }

    void requestReceived() {
        this.requests.increment();
        this.requestsInFlight.increment();
    }

    void requestFinished() {
        this.requestsInFlight.decrement();
    }

    void requestRejected() {
        this.rejectedRequests.increment();
    }

    void decryptFailed() {
        this.decryptFailures.increment();
    }

    void handlerFailed() {
        this.handlerFailures.increment();
    }

    void sessionProtocolError() {
        this.sessionProtocolErrors.increment();
    }

    void received(long bytes) {
        this.bytesReceived.add(bytes);
    }

    void sent(long bytes) {
        this.bytesSent.add(bytes);
    }

}
