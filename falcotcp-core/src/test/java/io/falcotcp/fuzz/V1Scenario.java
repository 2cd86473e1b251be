package io.falcotcp.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A plain v1 connection: a valid auth frame (alone, or in one write with what follows), then chunks of valid and
 * mutated v1 frames, pipelined, whose answers are all predictable: the echo for a valid message, the 8-byte empty
 * response for one that does not open, nothing for pings, unknown type bytes and second auth frames. It ends
 * cleanly, with a framing error (a length above the maximum, a truncated frame) that must close the connection
 * without an answer, by leaving, or with an unpredictable mutated mix.
 */
final class V1Scenario extends Scenario {

    private static final Weights<FrameKind> STEPS = new Weights<FrameKind>()
        .add(FrameKind.V1_MESSAGE, 40)
        .add(FrameKind.V1_MESSAGE_EMPTY_PLAINTEXT, 3)
        .add(FrameKind.V1_MESSAGE_OF_MAX_LENGTH, 1)
        .add(FrameKind.V1_LENGTH_0, 3)
        .add(FrameKind.V1_LENGTH_27, 3)
        .add(FrameKind.V1_LENGTH_28, 3)
        .add(FrameKind.V1_LENGTH_BELOW_28, 2)
        .add(FrameKind.V1_FLIPPED_NONCE_BIT, 4)
        .add(FrameKind.V1_FLIPPED_CIPHERTEXT_BIT, 4)
        .add(FrameKind.V1_FLIPPED_TAG_BIT, 4)
        .add(FrameKind.V1_MESSAGE_UNDER_WRONG_KEY, 3)
        .add(FrameKind.V1_PING, 6)
        .add(FrameKind.V1_UNKNOWN_TYPE, 5)
        .add(FrameKind.V1_SECOND_AUTH, 4);

    private static final Weights<FrameKind> OVERSIZED = new Weights<FrameKind>()
        .add(FrameKind.V1_LENGTH_2_POW_63, 1)
        .add(FrameKind.V1_LENGTH_2_POW_64_MINUS_1, 1)
        .add(FrameKind.V1_LENGTH_MAX_PLUS_1, 1)
        .add(FrameKind.V1_LENGTH_ABOVE_MAX, 1);

    private static final Weights<Ending> ENDINGS = new Weights<Ending>()
        .add(Ending.CLEAN, 35)
        .add(Ending.OVERSIZED, 20)
        .add(Ending.TRUNCATED_HEADER, 7)
        .add(Ending.TRUNCATED_BODY, 7)
        .add(Ending.LEAVE, 8)
        .add(Ending.MIX, 23);

    /** Bytes per pipelined write, so that the answers never fill the socket buffers while the client writes. */
    private static final int CHUNK_BYTES = 64 * 1024;

    private final byte[] key;

    private final int maxFrameSize;

    private final byte[] auth;

    private boolean accepted;

    V1Scenario(Random random, FuzzTarget target, FuzzTally tally) {
        super(random, target, tally);
        this.key = target.keyBytes();
        this.maxFrameSize = target.maxFrameSize();
        this.auth = V1Wire.authFrame(this.key, random);
    }

    @Override
    void run(WireConnection connection) throws IOException {
        sent(FrameKind.V1_AUTH);
        if (this.random.nextInt(4) != 0) {
            writeAfterAuth(connection, EMPTY);
        }
        for (int chunks = this.random.nextInt(5); chunks > 0; chunks--) {
            Chunk chunk = chunk(between(1, 8), false);
            writeAfterAuth(connection, chunk.bytes.toByteArray());
            readAnswers(connection, chunk);
        }
        Ending ending = ENDINGS.pick(this.random);
        mark(ending.toString());
        switch (ending) {
            case CLEAN -> {
                Chunk chunk = new Chunk(false);
                add(chunk, FrameKind.V1_MESSAGE);
                writeAfterAuth(connection, chunk.bytes.toByteArray());
                readAnswers(connection, chunk);
                closeOrReset(connection);
            }
            case OVERSIZED -> {
                FrameKind kind = OVERSIZED.pick(this.random);
                sent(kind);
                writeAfterAuth(connection, V1Wire.messageOf(oversizedLength(kind), randomBytes(between(0, 64))));
                expectClosed(connection, kind.toString());
            }
            case TRUNCATED_HEADER -> endTruncated(connection, FrameKind.V1_TRUNCATED_HEADER, 1,
                    V1Wire.MESSAGE_HEADER - 1);
            case TRUNCATED_BODY -> endTruncated(connection, FrameKind.V1_TRUNCATED_BODY, V1Wire.MESSAGE_HEADER,
                    Integer.MAX_VALUE);
            case LEAVE -> {
                writeAfterAuth(connection, chunk(between(1, 8), false).bytes.toByteArray());
                leave(connection);
            }
            case MIX -> endWithMix(connection);
        }
    }

    /** Writes bytes, preceded by the auth frame in the same write if it was not sent yet. */
    private void writeAfterAuth(WireConnection connection, byte[] bytes) throws IOException {
        if (this.accepted) {
            connection.write(bytes);
            return;
        }
        connection.write(V1Wire.concat(this.auth, bytes));
        int answer = connection.readUnsignedByte();
        check(answer == 0xFF, "0xFF for a valid auth frame, got 0x" + Integer.toHexString(answer));
        this.accepted = true;
    }

    private Chunk chunk(int steps, boolean mix) {
        Chunk chunk = new Chunk(mix);
        for (int i = 0; i < steps && !chunk.full; i++) {
            FrameKind kind = STEPS.pick(this.random);
            add(chunk, (mix && kind == FrameKind.V1_MESSAGE_OF_MAX_LENGTH) ? FrameKind.V1_MESSAGE : kind);
        }
        return chunk;
    }

    private void add(Chunk chunk, FrameKind kind) {
        switch (kind) {
            case V1_MESSAGE -> chunk.message(kind, body());
            case V1_MESSAGE_EMPTY_PLAINTEXT -> chunk.message(kind, EMPTY);
            case V1_MESSAGE_OF_MAX_LENGTH -> chunk.message(kind, randomBytes(this.maxFrameSize - V1Wire.SEAL_OVERHEAD));
            case V1_LENGTH_0 -> chunk.unopenable(kind, V1Wire.messageOf(0, EMPTY));
            case V1_LENGTH_27 -> chunk.unopenable(kind, V1Wire.messageOf(27, randomBytes(27)));
            case V1_LENGTH_28 -> chunk.unopenable(kind, V1Wire.messageOf(28, randomBytes(28)));
            case V1_LENGTH_BELOW_28 -> {
                int length = between(1, 26);
                chunk.unopenable(kind, V1Wire.messageOf(length, randomBytes(length)));
            }
            case V1_FLIPPED_NONCE_BIT -> chunk.unopenable(kind,
                    flipBit(sealedMessage(body()), V1Wire.MESSAGE_HEADER, V1Wire.MESSAGE_HEADER + V1Wire.NONCE));
            case V1_FLIPPED_CIPHERTEXT_BIT -> {
                byte[] frame = sealedMessage(randomBytes(between(1, 256)));
                chunk.unopenable(kind, flipBit(frame, V1Wire.MESSAGE_HEADER + V1Wire.NONCE, frame.length - V1Wire.TAG));
            }
            case V1_FLIPPED_TAG_BIT -> {
                byte[] frame = sealedMessage(body());
                chunk.unopenable(kind, flipBit(frame, frame.length - V1Wire.TAG, frame.length));
            }
            case V1_MESSAGE_UNDER_WRONG_KEY -> chunk.unopenable(kind,
                    V1Wire.message(randomBytes(32), body(), this.random));
            case V1_PING -> chunk.ignored(kind, new byte[] { V1Wire.TYPE_PING });
            case V1_UNKNOWN_TYPE -> {
                byte[] types = new byte[between(1, 4)];
                for (int i = 0; i < types.length; i++) {
                    types[i] = (byte) between(3, 255);
                }
                chunk.ignored(kind, types);
            }
            case V1_SECOND_AUTH -> chunk.ignored(kind, switch (this.random.nextInt(3)) {
                case 0 -> V1Wire.authFrame(this.key, this.random);
                case 1 -> V1Wire.authFrame(randomBytes(32), this.random);
                default -> V1Wire.concat(new byte[] { V1Wire.TYPE_AUTH }, randomBytes(V1Wire.AUTH_FRAME_LENGTH - 1));
            });
            default -> throw new IllegalArgumentException("not a v1 step: " + kind);
        }
    }

    private byte[] sealedMessage(byte[] plaintext) {
        return V1Wire.message(this.key, plaintext, this.random);
    }

    private long oversizedLength(FrameKind kind) {
        return switch (kind) {
            case V1_LENGTH_2_POW_63 -> Long.MIN_VALUE;
            case V1_LENGTH_2_POW_64_MINUS_1 -> -1L;
            case V1_LENGTH_MAX_PLUS_1 -> this.maxFrameSize + 1L;
            default -> this.maxFrameSize + 2L + (this.random.nextLong() >>> 1) % (Long.MAX_VALUE - this.maxFrameSize - 2L);
        };
    }

    /** Sends a message cut within {@code [from, to]} bytes, then ends the stream: the server must close silently. */
    private void endTruncated(WireConnection connection, FrameKind kind, int from, int to) throws IOException {
        byte[] frame = sealedMessage(body());
        sent(kind);
        writeAfterAuth(connection, Arrays.copyOf(frame, between(from, Math.min(to, frame.length - 1))));
        connection.finishWriting();
        expectClosed(connection, kind + " and the end of the stream");
    }

    private void readAnswers(WireConnection connection, Chunk chunk) throws IOException {
        for (byte @Nullable [] expected : chunk.answers) {
            long length = connection.readLong();
            if (expected == null) {
                check(length == 0, "the empty response (len = 0) to a message that does not open, got len " + length);
                saw(FuzzTally.Outcome.V1_EMPTY_RESPONSE);
            }
            else {
                byte[] plaintext = openResponse(connection, length);
                check(plaintext != null && Arrays.equals(plaintext, expected), "the echo of the request");
                saw(FuzzTally.Outcome.V1_ECHO);
            }
        }
        for (int i = 0; i < chunk.ignored; i++) {
            saw(FuzzTally.Outcome.IGNORED);
        }
    }

    private byte @Nullable [] openResponse(WireConnection connection, long length) throws IOException {
        check(length >= V1Wire.SEAL_OVERHEAD && length <= this.maxFrameSize, "a response length of 28 to "
                + this.maxFrameSize + " bytes, got " + length);
        return V1Wire.open(this.key, connection.readExactly((int) length));
    }

    /**
     * Sends valid and mutated frames with random mutations on top, then ends the stream. Whatever the server makes
     * of them, each answer must be the empty response or open to a plaintext that was sent, until it closes. (On
     * io_uring nearly all answers are lost to the close at end-of-stream: {@link HalfClosedConnectionTests}.)
     */
    private void endWithMix(WireConnection connection) throws IOException {
        Chunk chunk = chunk(between(2, 12), true);
        byte[] mutated = mutate(chunk.bytes.toByteArray());
        try {
            writeAfterAuth(connection, mutated);
            connection.finishWriting();
        }
        catch (IOException ex) {
            // the server may close on an early framing error while the rest is still being written
            saw(FuzzTally.Outcome.MIX_ENDED);
            return;
        }
        expectPromptAnswers(connection);
        int first;
        while ((first = connection.readOrEnd()) != -1) {
            byte[] rest = connection.readExactly(Long.BYTES - 1);
            long length = ByteBuffer.allocate(Long.BYTES).put((byte) first).put(rest).getLong(0);
            if (length != 0) {
                byte[] plaintext = openResponse(connection, length);
                check(plaintext != null && chunk.plaintexts.contains(ByteBuffer.wrap(plaintext)),
                        "a response that opens to one of the plaintexts sent");
            }
            saw(FuzzTally.Outcome.MIX_ANSWER);
        }
        saw(FuzzTally.Outcome.MIX_ENDED);
    }

    /**
     * Frames written together, and the answers they must get in order ({@code null}: the empty response).
     */
    private final class Chunk {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        private final List<byte @Nullable []> answers = new ArrayList<>();

        private final Set<ByteBuffer> plaintexts = new HashSet<>();

        private final boolean mix;

        private int ignored;

        private boolean full;

        Chunk(boolean mix) {
            this.mix = mix;
        }

        void message(FrameKind kind, byte[] plaintext) {
            if (append(kind, sealedMessage(plaintext))) {
                this.answers.add(plaintext);
                this.plaintexts.add(ByteBuffer.wrap(plaintext));
            }
        }

        void unopenable(FrameKind kind, byte[] frame) {
            if (append(kind, frame)) {
                this.answers.add(null);
            }
        }

        void ignored(FrameKind kind, byte[] frame) {
            if (append(kind, frame)) {
                this.ignored++;
            }
        }

        private boolean append(FrameKind kind, byte[] frame) {
            if (this.bytes.size() > 0 && this.bytes.size() + frame.length > CHUNK_BYTES) {
                this.full = true;
                return false;
            }
            this.bytes.writeBytes(frame);
            sent(this.mix ? FrameKind.V1_RANDOMLY_MUTATED : kind);
            this.full = frame.length > CHUNK_BYTES;
            return true;
        }

    }

    private enum Ending {

        CLEAN, OVERSIZED, TRUNCATED_HEADER, TRUNCATED_BODY, LEAVE, MIX

    }

}
