package io.falcotcp.fuzz;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a fuzz run sent and what came back, counted across its worker threads.
 */
final class FuzzTally {

    private final Map<FrameKind, LongAdder> frames = counters(FrameKind.class);

    private final Map<Outcome, LongAdder> outcomes = counters(Outcome.class);

    private final LongAdder totalFrames = new LongAdder();

    private final LongAdder connections = new LongAdder();

    private final long started = System.nanoTime();

    private volatile long finished;

    void sent(FrameKind kind) {
        this.frames.get(kind).increment();
        this.totalFrames.increment();
    }

    void saw(Outcome outcome) {
        this.outcomes.get(outcome).increment();
    }

    void connected() {
        this.connections.increment();
    }

    long frames() {
        return this.totalFrames.sum();
    }

    long connections() {
        return this.connections.sum();
    }

    void finished() {
        this.finished = System.nanoTime();
    }

    /** One line per kind and outcome, for the test's report. */
    String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%,d frames on %,d connections in %,d ms%n", frames(), connections(),
                TimeUnit.NANOSECONDS.toMillis(this.finished - this.started)));
        this.outcomes.forEach((outcome, count) -> text.append(String.format("  %-40s %,12d%n", outcome, count.sum())));
        this.frames.forEach((kind, count) -> text.append(String.format("  %-40s %,12d%n", kind, count.sum())));
        return text.toString();
    }

    private static <K extends Enum<K>> Map<K, LongAdder> counters(Class<K> type) {
        Map<K, LongAdder> counters = new EnumMap<>(type);
        for (K key : type.getEnumConstants()) {
            counters.put(key, new LongAdder());
        }
        return counters;
    }

    /**
     * What a scenario observed for what it sent.
     */
    enum Outcome {

        /** A v1 response that opened and carried the request's plaintext. */
        V1_ECHO,

        /** The 8-byte empty v1 response ({@code len = 0}) to a message that does not open. */
        V1_EMPTY_RESPONSE,

        /** A session response with status OK and the request's body. */
        SESSION_ECHO,

        /** One pong for one session ping. */
        SESSION_PONG,

        /** Frames the protocol ignores (v1 pings, unknown type bytes, second auth frames) that got no answer. */
        IGNORED,

        /** The server closed the connection without a byte, as the protocol requires for what was sent. */
        CLOSED_WITHOUT_ANSWER,

        /** An unpredictable mix ended with the connection closed; every answer before the close was well formed. */
        MIX_ENDED,

        /** Answers to an unpredictable mix, each well formed and the answer to one of the requests sent. */
        MIX_ANSWER,

        /** The client left in the middle of its traffic (close or reset), without reading. */
        CLIENT_LEFT,

        /** A connection left stalled mid-frame that the server closed on its timer. */
        STALLED_CLOSED_BY_SERVER

    }

}
