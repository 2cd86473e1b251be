package io.falcotcp.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.falcotcp.server.RequestContext;
import io.falcotcp.server.RequestHandler;

/**
 * The fuzz server's handler: echoes every request, except that a request carrying a hold token waits until the
 * scenario that sent it releases the token. A scenario can so keep a request in flight for exactly as long as it
 * needs (to send a duplicate id, or a cancel, behind it) without any timing assumption.
 */
final class HoldingEchoHandler implements RequestHandler {

    private static final byte[] MARKER = "FuzzHold".getBytes(StandardCharsets.US_ASCII);

    private static final int BODY_LENGTH = MARKER.length + Long.BYTES;

    /** Longer than any scenario holds a request; a held handler never blocks a thread for good. */
    private static final long MAX_HOLD_SECONDS = 30;

    private final ConcurrentMap<Long, CountDownLatch> holds = new ConcurrentHashMap<>();

    private final AtomicLong tokens = new AtomicLong();

    /**
     * Registers a new hold.
     * @return its token
     */
    long hold() {
        long token = this.tokens.incrementAndGet();
        this.holds.put(token, new CountDownLatch(1));
        return token;
    }

    /**
     * The request body that holds its handler until {@link #release(long)}.
     * @param token a token from {@link #hold()}
     * @return the body
     */
    static byte[] heldBody(long token) {
        return ByteBuffer.allocate(BODY_LENGTH).put(MARKER).putLong(token).array();
    }

    void release(long token) {
        CountDownLatch latch = this.holds.remove(token);
        if (latch != null) {
            latch.countDown();
        }
    }

    /**
     * Holds still registered: 0 once every scenario released what it held.
     * @return the number of unreleased holds
     */
    int unreleased() {
        return this.holds.size();
    }

    @Override
    public byte[] handle(byte[] request, RequestContext context) throws InterruptedException {
        if (request.length == BODY_LENGTH && Arrays.equals(request, 0, MARKER.length, MARKER, 0, MARKER.length)) {
            CountDownLatch latch = this.holds.get(ByteBuffer.wrap(request, MARKER.length, Long.BYTES).getLong());
            if (latch != null && !latch.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a held request was not released within " + MAX_HOLD_SECONDS + " s");
            }
        }
        return request;
    }

}
