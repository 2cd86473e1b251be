package io.falcotcp.fuzz;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

/**
 * The traffic of one fuzz connection, every choice drawn from its own seeded random, and the checks of what the
 * server answers. A scenario checks the outcome wherever the protocol determines it; for unpredictable mixes it
 * requires a well-formed answer to something it sent, or the end of the connection, within a bounded time.
 */
abstract class Scenario {

    static final byte[] EMPTY = new byte[0];

    private static final Weights<Factory> SCENARIOS = new Weights<Factory>()
        .add(UnauthenticatedScenario::new, 15)
        .add(V1Scenario::new, 40)
        .add(SessionScenario::new, 45);

    final Random random;

    final FuzzTarget target;

    private final FuzzTally tally;

    private final StringBuilder trace = new StringBuilder();

    Scenario(Random random, FuzzTarget target, FuzzTally tally) {
        this.random = random;
        this.target = target;
        this.tally = tally;
    }

    /**
     * Chooses the next scenario.
     * @param random the scenario's own random: it decides everything the scenario sends
     * @param target the server
     * @param tally where frames and outcomes are counted
     * @return the scenario
     */
    static Scenario pick(Random random, FuzzTarget target, FuzzTally tally) {
        return SCENARIOS.pick(random).create(random, target, tally);
    }

    /** Runs the scenario on a new connection, which is closed afterwards. */
    final void run() throws IOException {
        this.tally.connected();
        try (WireConnection connection = WireConnection.open(this.target.port())) {
            run(connection);
        }
    }

    abstract void run(WireConnection connection) throws IOException;

    /** What the scenario sent so far, for a failure message. */
    final String trace() {
        return getClass().getSimpleName() + ":" + this.trace;
    }

    final void sent(FrameKind kind) {
        this.tally.sent(kind);
        this.trace.append(' ').append(kind);
    }

    final void saw(FuzzTally.Outcome outcome) {
        this.tally.saw(outcome);
    }

    final void mark(String step) {
        this.trace.append(" |").append(step);
    }

    /** Reads the answers to a mix, that end with the stream: they come at once, and so does the close. */
    final void expectPromptAnswers(WireConnection connection) throws IOException {
        connection.readTimeout(this.target.promptClose());
    }

    final void expectClosed(WireConnection connection, String after) throws IOException {
        connection.expectEndWithoutData(after, this.target.promptClose());
        saw(FuzzTally.Outcome.CLOSED_WITHOUT_ANSWER);
    }

    /** Ends a connection whose traffic is over, with a FIN or a reset. */
    final void closeOrReset(WireConnection connection) throws IOException {
        if (this.random.nextBoolean()) {
            connection.reset();
        }
        else {
            connection.close();
        }
    }

    /**
     * Leaves in the middle of the traffic, without reading what the server answers. (With a reset right behind
     * data, io_uring servers only release the connection on their timers: {@link PeerResetTests}.)
     */
    final void leave(WireConnection connection) throws IOException {
        closeOrReset(connection);
        saw(FuzzTally.Outcome.CLIENT_LEFT);
    }

    final int between(int min, int max) {
        return min + this.random.nextInt(max - min + 1);
    }

    final byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        this.random.nextBytes(bytes);
        return bytes;
    }

    /** A request body: mostly small, sometimes a few kilobytes. */
    final byte[] body() {
        return randomBytes((this.random.nextInt(100) < 85) ? between(0, 256) : between(257, 8192));
    }

    /** A copy with one bit flipped in {@code [from, to)}. */
    final byte[] flipBit(byte[] bytes, int from, int to) {
        byte[] flipped = bytes.clone();
        flipped[between(from, to - 1)] ^= (byte) (1 << this.random.nextInt(8));
        return flipped;
    }

    /** One to four random mutations anywhere: bit flips, overwritten, deleted or inserted bytes, a cut tail. */
    final byte[] mutate(byte[] bytes) {
        byte[] mutated = bytes;
        for (int i = between(1, 4); i > 0 && mutated.length > 0; i--) {
            int at = this.random.nextInt(mutated.length);
            mutated = switch (this.random.nextInt(5)) {
                case 0 -> flipBit(mutated, at, at + 1);
                case 1 -> overwrite(mutated, at);
                case 2 -> V1Wire.concat(Arrays.copyOf(mutated, at),
                        Arrays.copyOfRange(mutated, Math.min(mutated.length, at + between(1, 16)), mutated.length));
                case 3 -> V1Wire.concat(Arrays.copyOf(mutated, at), randomBytes(between(1, 16)),
                        Arrays.copyOfRange(mutated, at, mutated.length));
                default -> Arrays.copyOf(mutated, at);
            };
        }
        return mutated;
    }

    private byte[] overwrite(byte[] bytes, int at) {
        byte[] overwritten = bytes.clone();
        overwritten[at] = (byte) this.random.nextInt(256);
        return overwritten;
    }

    static void check(boolean condition, String expectation) {
        if (!condition) {
            throw new AssertionError("expected " + expectation);
        }
    }

    @FunctionalInterface
    private interface Factory {

        Scenario create(Random random, FuzzTarget target, FuzzTally tally);

    }

}
