package io.falcotcp.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A session-mode connection, with or without LZ4: chunks of valid requests (routes of any bytes, compressed bodies,
 * frames of the maximum length, reused ids), pings and cancels, whose answers are checked by id; requests held in
 * flight and cancelled, which must never be answered. It ends cleanly, with a frame that breaks the session (bad
 * counters, lengths 0, 15, 16, max + 1, 2^32 - 1, unknown kinds or flags, compression flags, route lengths past the
 * end, truncated plaintexts, duplicate ids) and must close the connection without an answer, by leaving, or with
 * an unpredictable mutated mix. Some connections put garbage right behind the hello instead.
 */
final class SessionScenario extends Scenario {

    private static final Weights<FrameKind> STEPS = new Weights<FrameKind>()
        .add(FrameKind.SESSION_REQUEST, 45)
        .add(FrameKind.SESSION_REQUEST_COMPRESSED, 8)
        .add(FrameKind.SESSION_REQUEST_OF_MAX_LENGTH, 1)
        .add(FrameKind.SESSION_PING, 10)
        .add(FrameKind.SESSION_CANCEL_UNKNOWN_ID, 5);

    private static final Weights<FrameKind> BREAKS = breaks(false);

    private static final Weights<FrameKind> BREAKS_WITH_LZ4 = breaks(true);

    private static final Weights<Ending> ENDINGS = new Weights<Ending>()
        .add(Ending.CLEAN, 35)
        .add(Ending.BREAK, 30)
        .add(Ending.DUPLICATE_ID, 5)
        .add(Ending.TRUNCATED, 8)
        .add(Ending.LEAVE, 7)
        .add(Ending.MIX, 15);

    /** Bytes per pipelined write, so that the answers never fill the socket buffers while the client writes. */
    private static final int CHUNK_BYTES = 64 * 1024;

    /** Frames kept for replays. */
    private static final int REPLAYABLE = 8;

    private final int maxFrameSize;

    private final Set<Integer> cancelled = new HashSet<>();

    private final List<Integer> answered = new ArrayList<>();

    private final List<byte[]> previousFrames = new ArrayList<>();

    private int nextId;

    private @Nullable SessionWire session;

    SessionScenario(Random random, FuzzTarget target, FuzzTally tally) {
        super(random, target, tally);
        this.maxFrameSize = target.maxFrameSize();
        this.nextId = random.nextInt();
    }

    private static Weights<FrameKind> breaks(boolean lz4) {
        Weights<FrameKind> breaks = new Weights<FrameKind>()
            .add(FrameKind.SESSION_SKIPPED_COUNTER, 4)
            .add(FrameKind.SESSION_REPLAYED_FRAME, 4)
            .add(FrameKind.SESSION_REFLECTED_FRAME, 3)
            .add(FrameKind.SESSION_LENGTH_0, 2)
            .add(FrameKind.SESSION_LENGTH_15, 2)
            .add(FrameKind.SESSION_LENGTH_16, 3)
            .add(FrameKind.SESSION_LENGTH_MAX_PLUS_1, 2)
            .add(FrameKind.SESSION_LENGTH_2_POW_32_MINUS_1, 2)
            .add(FrameKind.SESSION_LENGTH_ABOVE_MAX, 2)
            .add(FrameKind.SESSION_LENGTH_CHANGED, 3)
            .add(FrameKind.SESSION_FLIPPED_BIT, 4)
            .add(FrameKind.SESSION_UNKNOWN_KIND, 3)
            .add(FrameKind.SESSION_SERVER_KIND, 2)
            .add(FrameKind.SESSION_UNKNOWN_FLAGS, 3)
            .add(FrameKind.SESSION_ROUTE_PAST_END, 3)
            .add(FrameKind.SESSION_ROUTE_NOT_UTF8, 2)
            .add(FrameKind.SESSION_TRUNCATED_PLAINTEXT, 3)
            .add(FrameKind.SESSION_TRAILING_BYTES, 3);
        if (lz4) {
            return breaks.add(FrameKind.SESSION_LZ4_ABOVE_MAX, 3).add(FrameKind.SESSION_LZ4_WRONG_LENGTH, 3);
        }
        return breaks.add(FrameKind.SESSION_COMPRESSED_WITHOUT_NEGOTIATION, 3);
    }

    @Override
    void run(WireConnection connection) throws IOException {
        boolean lz4 = this.random.nextBoolean();
        sent(FrameKind.SESSION_HELLO);
        if (this.random.nextInt(20) == 0) {
            sent(FrameKind.SESSION_GARBAGE_BEHIND_HELLO);
            SessionWire.handshake(connection, this.target.key(), lz4, randomBytes(between(1, 300)));
            connection.finishWriting();
            expectClosed(connection, "the session reply and garbage behind the hello");
            return;
        }
        SessionWire session = SessionWire.handshake(connection, this.target.key(), lz4, EMPTY);
        check(session.compression() == lz4 && session.maxFrameSize() == this.maxFrameSize,
                "the session to accept LZ4 exactly when it was requested, and the configured maximum frame size");
        this.session = session;
        for (int chunks = this.random.nextInt(5); chunks > 0; chunks--) {
            if (this.random.nextInt(8) == 0) {
                cancelHeldRequest(connection);
            }
            else {
                Chunk chunk = chunk(between(1, 8), false);
                connection.write(chunk.bytes.toByteArray());
                readAnswers(connection, chunk);
            }
        }
        Ending ending = ENDINGS.pick(this.random);
        mark(ending.toString());
        switch (ending) {
            case CLEAN -> {
                Chunk chunk = new Chunk(false);
                add(chunk, FrameKind.SESSION_PING);
                add(chunk, FrameKind.SESSION_REQUEST);
                connection.write(chunk.bytes.toByteArray());
                readAnswers(connection, chunk);
                closeOrReset(connection);
            }
            case BREAK -> {
                FrameKind kind = breakingKind();
                sent(kind);
                connection.write(breakingFrame(kind));
                expectClosed(connection, kind.toString());
            }
            case DUPLICATE_ID -> endWithDuplicateId(connection);
            case TRUNCATED -> {
                byte[] frame = session.frame(request(this.nextId++, body()));
                sent(FrameKind.SESSION_TRUNCATED_FRAME);
                // within the length prefix or within the sealed bytes
                int cut = this.random.nextBoolean() ? between(1, 3) : between(4, frame.length - 1);
                connection.write(Arrays.copyOf(frame, cut));
                connection.finishWriting();
                expectClosed(connection, "a truncated frame and the end of the stream");
            }
            case LEAVE -> {
                connection.write(chunk(between(1, 8), false).bytes.toByteArray());
                leave(connection);
            }
            case MIX -> endWithMix(connection);
        }
    }

    private SessionWire session() {
        SessionWire session = this.session;
        if (session == null) {
            throw new IllegalStateException("no session yet");
        }
        return session;
    }

    private Chunk chunk(int steps, boolean mix) {
        Chunk chunk = new Chunk(mix);
        for (int i = 0; i < steps && !chunk.full; i++) {
            FrameKind kind = STEPS.pick(this.random);
            if (kind == FrameKind.SESSION_REQUEST_COMPRESSED && !session().compression()) {
                kind = FrameKind.SESSION_REQUEST;
            }
            if (mix && kind == FrameKind.SESSION_REQUEST_OF_MAX_LENGTH) {
                kind = FrameKind.SESSION_REQUEST;
            }
            add(chunk, kind);
        }
        return chunk;
    }

    private void add(Chunk chunk, FrameKind kind) {
        switch (kind) {
            case SESSION_REQUEST -> {
                // an id is reused now and then once its response arrived, which the protocol allows
                int id = (!this.answered.isEmpty() && this.random.nextInt(10) == 0)
                        ? this.answered.remove(this.random.nextInt(this.answered.size())) : this.nextId++;
                byte[] body = body();
                chunk.request(kind, id, SessionWire.request(id, 0, route(), body), body);
            }
            case SESSION_REQUEST_COMPRESSED -> {
                int id = this.nextId++;
                byte[] body = compressible();
                chunk.request(kind, id,
                        SessionWire.request(id, SessionWire.FLAG_COMPRESSED, route(), SessionWire.compress(body)), body);
            }
            case SESSION_REQUEST_OF_MAX_LENGTH -> {
                int id = this.nextId++;
                byte[] body = randomBytes(this.maxFrameSize - SessionWire.TAG - SessionWire.REQUEST_HEADER);
                chunk.request(kind, id, SessionWire.request(id, 0, EMPTY, body), body);
            }
            case SESSION_PING -> chunk.ping(kind);
            case SESSION_CANCEL_UNKNOWN_ID -> chunk.ignored(kind, SessionWire.cancel(this.nextId++));
            default -> throw new IllegalArgumentException("not a session step: " + kind);
        }
    }

    /**
     * A route: none, letters, any text (UTF-8 of random code points, up to four bytes each), or the longest one;
     * routes that are not valid UTF-8 are a mutation of their own.
     */
    private byte[] route() {
        return switch (this.random.nextInt(20)) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> EMPTY;
            case 8, 9, 10, 11, 12, 13 -> randomLetters(between(1, 40));
            case 19 -> randomLetters(255);
            default -> randomText(between(1, 40));
        };
    }

    private byte[] randomLetters(int length) {
        byte[] letters = new byte[length];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = (byte) between('a', 'z');
        }
        return letters;
    }

    private byte[] randomText(int maxBytes) {
        StringBuilder text = new StringBuilder();
        while (true) {
            int codePoint;
            do {
                codePoint = this.random.nextInt(0x110000);
            }
            while (codePoint >= 0xD800 && codePoint <= 0xDFFF);
            String next = text.toString() + new String(Character.toChars(codePoint));
            if (next.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxBytes) {
                return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            text.setLength(0);
            text.append(next);
        }
    }

    /** A body that LZ4 shrinks: a short random pattern, repeated. */
    private byte[] compressible() {
        byte[] pattern = randomBytes(between(1, 16));
        byte[] body = new byte[between(64, 8192)];
        for (int i = 0; i < body.length; i++) {
            body[i] = pattern[i % pattern.length];
        }
        return body;
    }

    private byte[] request(int id, byte[] body) {
        return SessionWire.request(id, 0, route(), body);
    }

    /**
     * Holds a request in its handler, cancels it and pings: the pong proves the server read the cancel, and the
     * request, released then, must never be answered.
     */
    private void cancelHeldRequest(WireConnection connection) throws IOException {
        HoldingEchoHandler handler = this.target.handler();
        long token = handler.hold();
        try {
            int id = this.nextId++;
            SessionWire session = session();
            byte[] frames = V1Wire.concat(keep(session.frame(request(id, HoldingEchoHandler.heldBody(token)))),
                    keep(session.frame(SessionWire.cancel(id))), keep(session.frame(SessionWire.ping())));
            sent(FrameKind.SESSION_HELD_REQUEST);
            sent(FrameKind.SESSION_CANCEL_HELD_REQUEST);
            sent(FrameKind.SESSION_PING);
            connection.write(frames);
            check(session.read(connection) == SessionWire.ServerFrame.Pong.INSTANCE,
                    "the pong, and no response to the held and cancelled request");
            saw(FuzzTally.Outcome.SESSION_PONG);
            this.cancelled.add(id);
        }
        finally {
            handler.release(token);
        }
    }

    /** A request while one of the same id is held in flight: the server must close without answering either. */
    private void endWithDuplicateId(WireConnection connection) throws IOException {
        HoldingEchoHandler handler = this.target.handler();
        long token = handler.hold();
        try {
            int id = this.nextId++;
            SessionWire session = session();
            byte[] frames = V1Wire.concat(session.frame(request(id, HoldingEchoHandler.heldBody(token))),
                    session.frame(request(id, body())));
            sent(FrameKind.SESSION_HELD_REQUEST);
            sent(FrameKind.SESSION_DUPLICATE_ID);
            connection.write(frames);
            expectClosed(connection, "a request whose id is in flight");
        }
        finally {
            handler.release(token);
        }
    }

    private byte[] keep(byte[] frame) {
        if (this.previousFrames.size() == REPLAYABLE) {
            this.previousFrames.remove(0);
        }
        this.previousFrames.add(frame);
        return frame;
    }

    /** A kind of frame that breaks the session rules, among those possible on this connection. */
    private FrameKind breakingKind() {
        FrameKind kind = (session().compression() ? BREAKS_WITH_LZ4 : BREAKS).pick(this.random);
        // a replay needs a frame sent before
        return (kind == FrameKind.SESSION_REPLAYED_FRAME && this.previousFrames.isEmpty())
                ? FrameKind.SESSION_SKIPPED_COUNTER : kind;
    }

    /** A frame that breaks the session rules; the server must close the connection without answering. */
    private byte[] breakingFrame(FrameKind kind) {
        SessionWire session = session();
        return switch (kind) {
            case SESSION_SKIPPED_COUNTER -> session.frameUnderCounter(
                    session.sentFrames() + 1 + this.random.nextInt(1000), request(this.nextId++, body()));
            case SESSION_REPLAYED_FRAME -> this.previousFrames.get(this.random.nextInt(this.previousFrames.size()));
            case SESSION_REFLECTED_FRAME -> session.reflected(this.random.nextBoolean()
                    ? new byte[] { SessionWire.KIND_PONG } : request(this.nextId++, body()));
            case SESSION_LENGTH_0 -> SessionWire.lengthPrefixed(0, randomBytes(between(0, 32)));
            case SESSION_LENGTH_15 -> SessionWire.lengthPrefixed(15, randomBytes(15));
            case SESSION_LENGTH_16 -> this.random.nextBoolean() ? session.frame(EMPTY)
                    : SessionWire.lengthPrefixed(16, randomBytes(16));
            case SESSION_LENGTH_MAX_PLUS_1 -> SessionWire.lengthPrefixed(this.maxFrameSize + 1L,
                    randomBytes(between(0, 64)));
            case SESSION_LENGTH_2_POW_32_MINUS_1 -> SessionWire.lengthPrefixed(0xFFFFFFFFL, randomBytes(between(0, 64)));
            case SESSION_LENGTH_ABOVE_MAX -> SessionWire.lengthPrefixed(this.maxFrameSize + 2L
                    + (this.random.nextLong() >>> 1) % (0xFFFFFFFFL - this.maxFrameSize - 2L),
                    randomBytes(between(0, 64)));
            case SESSION_LENGTH_CHANGED -> lengthChanged(session.frame(request(this.nextId++, body())));
            case SESSION_FLIPPED_BIT -> {
                byte[] frame = session.frame(request(this.nextId++, body()));
                yield flipBit(frame, Integer.BYTES, frame.length);
            }
            case SESSION_UNKNOWN_KIND -> session.frame(V1Wire.concat(new byte[] { unknownKind() },
                    randomBytes(between(0, 16))));
            case SESSION_SERVER_KIND -> session.frame(this.random.nextBoolean() ? new byte[] { SessionWire.KIND_PONG }
                    : ByteBuffer.allocate(9).put(SessionWire.KIND_RESPONSE).putInt(this.nextId++).array());
            case SESSION_UNKNOWN_FLAGS -> session.frame(SessionWire.request(this.nextId++,
                    (between(1, 127) << 1) | this.random.nextInt(2), route(), body()));
            case SESSION_COMPRESSED_WITHOUT_NEGOTIATION -> session.frame(SessionWire.request(this.nextId++,
                    SessionWire.FLAG_COMPRESSED, route(), SessionWire.compress(compressible())));
            case SESSION_LZ4_ABOVE_MAX -> session.frame(SessionWire.request(this.nextId++,
                    SessionWire.FLAG_COMPRESSED, route(), declaring(SessionWire.compress(compressible()),
                            this.maxFrameSize + 1L + (this.random.nextLong() >>> 1)
                                    % (0xFFFFFFFFL - this.maxFrameSize))));
            case SESSION_LZ4_WRONG_LENGTH -> {
                byte[] body = compressible();
                long wrong = body.length + (this.random.nextBoolean() ? 1 : -1);
                yield session.frame(SessionWire.request(this.nextId++, SessionWire.FLAG_COMPRESSED, route(),
                        declaring(SessionWire.compress(body), wrong)));
            }
            case SESSION_ROUTE_NOT_UTF8 -> {
                // a lone continuation byte, or a lead byte without its continuation
                byte[] route = V1Wire.concat(randomLetters(between(0, 10)),
                        new byte[] { (byte) (this.random.nextBoolean() ? 0x80 : 0xC3) });
                yield session.frame(SessionWire.request(this.nextId++, 0, route, body()));
            }
            case SESSION_ROUTE_PAST_END -> {
                byte[] rest = randomBytes(between(0, 100));
                yield session.frame(SessionWire.requestWithRouteLength(this.nextId++, between(rest.length + 1, 255),
                        rest));
            }
            case SESSION_TRUNCATED_PLAINTEXT -> session.frame(this.random.nextBoolean()
                    ? V1Wire.concat(new byte[] { SessionWire.KIND_REQUEST }, randomBytes(between(0, 5)))
                    : V1Wire.concat(new byte[] { SessionWire.KIND_CANCEL }, randomBytes(between(0, 3))));
            case SESSION_TRAILING_BYTES -> session.frame(V1Wire.concat(this.random.nextBoolean()
                    ? SessionWire.cancel(this.nextId++) : SessionWire.ping(), randomBytes(between(1, 8))));
            default -> throw new IllegalArgumentException("not a breaking frame: " + kind);
        };
    }

    /** The frame with its length field shortened, or lengthened with as many random bytes appended. */
    private byte[] lengthChanged(byte[] frame) {
        long length = frame.length - Integer.BYTES;
        byte[] sealed = Arrays.copyOfRange(frame, Integer.BYTES, frame.length);
        if (length < this.maxFrameSize && this.random.nextBoolean()) {
            int added = between(1, (int) Math.min(64, this.maxFrameSize - length));
            return SessionWire.lengthPrefixed(length + added, V1Wire.concat(sealed, randomBytes(added)));
        }
        return SessionWire.lengthPrefixed(length - between(1, (int) length - SessionWire.TAG), sealed);
    }

    private byte unknownKind() {
        byte kind;
        do {
            kind = (byte) this.random.nextInt(256);
        }
        while (kind == SessionWire.KIND_REQUEST || kind == SessionWire.KIND_CANCEL || kind == SessionWire.KIND_PING
                || kind == SessionWire.KIND_RESPONSE || kind == SessionWire.KIND_PONG);
        return kind;
    }

    private static byte[] declaring(byte[] compressed, long declaredLength) {
        byte[] changed = compressed.clone();
        ByteBuffer.wrap(changed).putInt((int) declaredLength);
        return changed;
    }

    private void readAnswers(WireConnection connection, Chunk chunk) throws IOException {
        SessionWire session = session();
        while (!chunk.answers.isEmpty() || chunk.pongs > 0) {
            SessionWire.ServerFrame frame = session.read(connection);
            if (frame instanceof SessionWire.ServerFrame.Response response) {
                check(!this.cancelled.contains(response.id()), "no response to cancelled request " + response.id());
                byte[] expected = chunk.answers.remove(response.id());
                check(expected != null, "responses only to requests in flight, got one for id " + response.id());
                check(response.status() == 0 && response.message().isEmpty() && Arrays.equals(response.body(),
                        expected), "status OK and the echo of request " + response.id() + ", got status "
                        + response.status() + " '" + response.message() + "'");
                this.answered.add(response.id());
                saw(FuzzTally.Outcome.SESSION_ECHO);
            }
            else {
                check(chunk.pongs > 0, "no pong beyond one per ping");
                chunk.pongs--;
                saw(FuzzTally.Outcome.SESSION_PONG);
            }
        }
        for (int i = 0; i < chunk.ignored; i++) {
            saw(FuzzTally.Outcome.IGNORED);
        }
    }

    /**
     * Sends valid and session-breaking frames, with random mutations on top half of the time, then ends the
     * stream. Every answer until the close must open under the next counter and be a pong for a ping sent or
     * the echo of a request sent, at most once. (On io_uring nearly all answers are lost to the close at
     * end-of-stream: {@link HalfClosedConnectionTests}.)
     */
    private void endWithMix(WireConnection connection) throws IOException {
        Chunk chunk = new Chunk(true);
        for (int i = between(2, 12); i > 0 && !chunk.full; i--) {
            if (this.random.nextInt(5) == 0) {
                chunk.append(FrameKind.SESSION_RANDOMLY_MUTATED, breakingFrame(breakingKind()));
            }
            else {
                add(chunk, STEPS.pick(this.random) == FrameKind.SESSION_PING ? FrameKind.SESSION_PING
                        : FrameKind.SESSION_REQUEST);
            }
        }
        byte[] bytes = chunk.bytes.toByteArray();
        try {
            connection.write(this.random.nextBoolean() ? mutate(bytes) : bytes);
            connection.finishWriting();
        }
        catch (IOException ex) {
            // the server may close on an early broken frame while the rest is still being written
            saw(FuzzTally.Outcome.MIX_ENDED);
            return;
        }
        expectPromptAnswers(connection);
        SessionWire.ServerFrame frame;
        while ((frame = session().readOrEnd(connection)) != null) {
            if (frame instanceof SessionWire.ServerFrame.Response response) {
                byte[] expected = chunk.answers.remove(response.id());
                check(expected != null && response.status() == 0 && Arrays.equals(response.body(), expected),
                        "a response only to a request sent, once, with its echo");
            }
            else {
                check(chunk.pongs-- > 0, "no pong beyond one per ping");
            }
            saw(FuzzTally.Outcome.MIX_ANSWER);
        }
        saw(FuzzTally.Outcome.MIX_ENDED);
    }

    /**
     * Frames written together, and the answers they must get in any order: a response per request id, a pong per
     * ping.
     */
    private final class Chunk {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        private final Map<Integer, byte[]> answers = new HashMap<>();

        private final boolean mix;

        private int pongs;

        private int ignored;

        private boolean full;

        Chunk(boolean mix) {
            this.mix = mix;
        }

        void request(FrameKind kind, int id, byte[] plaintext, byte[] body) {
            if (fits(plaintext)) {
                append(kind, keep(session().frame(plaintext)));
                this.answers.put(id, body);
            }
        }

        void ping(FrameKind kind) {
            append(kind, keep(session().frame(SessionWire.ping())));
            this.pongs++;
        }

        void ignored(FrameKind kind, byte[] plaintext) {
            append(kind, keep(session().frame(plaintext)));
            this.ignored++;
        }

        /** Checked before sealing: a frame sealed and not sent would leave a gap in the counters. */
        private boolean fits(byte[] plaintext) {
            int length = Integer.BYTES + plaintext.length + SessionWire.TAG;
            if (this.bytes.size() > 0 && this.bytes.size() + length > CHUNK_BYTES) {
                this.full = true;
                return false;
            }
            this.full = length > CHUNK_BYTES;
            return true;
        }

        void append(FrameKind kind, byte[] frame) {
            this.bytes.writeBytes(frame);
            sent(this.mix ? FrameKind.SESSION_RANDOMLY_MUTATED : kind);
        }

    }

    private enum Ending {

        CLEAN, BREAK, DUPLICATE_ID, TRUNCATED, LEAVE, MIX

    }

}
