package io.falcotcp.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Traffic before authentication: garbage, auth frames that do not open, truncated auth frames, other frames
 * first. The server must close every such connection without writing a byte.
 */
final class UnauthenticatedScenario extends Scenario {

    private static final Weights<FrameKind> FIRST_FRAMES = new Weights<FrameKind>()
        .add(FrameKind.GARBAGE_BEFORE_AUTH, 25)
        .add(FrameKind.AUTH_UNDER_WRONG_KEY, 15)
        .add(FrameKind.AUTH_WITH_FLIPPED_BIT, 15)
        .add(FrameKind.AUTH_TRUNCATED, 15)
        .add(FrameKind.MESSAGE_BEFORE_AUTH, 10)
        .add(FrameKind.PING_BEFORE_AUTH, 5)
        .add(FrameKind.UNKNOWN_TYPE_BEFORE_AUTH, 5);

    private static final byte[] SESSION_MARKER = "FalcoSes".getBytes(StandardCharsets.US_ASCII);

    UnauthenticatedScenario(Random random, FuzzTarget target, FuzzTally tally) {
        super(random, target, tally);
    }

    @Override
    void run(WireConnection connection) throws IOException {
        FrameKind kind = FIRST_FRAMES.pick(this.random);
        sent(kind);
        if (kind == FrameKind.AUTH_TRUNCATED) {
            connection.write(Arrays.copyOf(validAuth(), between(1, V1Wire.AUTH_FRAME_LENGTH - 1)));
            if (this.random.nextBoolean()) {
                leave(connection);
                return;
            }
            connection.finishWriting();
        }
        else {
            connection.write(firstFrame(kind));
        }
        expectClosed(connection, kind.toString());
    }

    private byte[] firstFrame(FrameKind kind) {
        byte[] key = this.target.keyBytes();
        return switch (kind) {
            case GARBAGE_BEFORE_AUTH -> garbage();
            case AUTH_UNDER_WRONG_KEY -> V1Wire.authFrame(randomBytes(32), this.random);
            case AUTH_WITH_FLIPPED_BIT -> flipBit(validAuth(), 0, V1Wire.AUTH_FRAME_LENGTH);
            case MESSAGE_BEFORE_AUTH -> V1Wire.message(key, body(), this.random);
            case PING_BEFORE_AUTH -> V1Wire.concat(new byte[] { V1Wire.TYPE_PING },
                    this.random.nextBoolean() ? V1Wire.authFrame(key, this.random) : EMPTY);
            case UNKNOWN_TYPE_BEFORE_AUTH -> V1Wire.concat(new byte[] { (byte) between(3, 255) },
                    randomBytes(between(0, 200)));
            default -> throw new IllegalArgumentException("not a first frame: " + kind);
        };
    }

    /** Random bytes; one that starts like an auth frame is long enough to be judged at once. */
    private byte[] garbage() {
        byte[] garbage = randomBytes(between(1, 512));
        if (garbage[0] == V1Wire.TYPE_AUTH && garbage.length < V1Wire.AUTH_FRAME_LENGTH) {
            return V1Wire.concat(garbage, randomBytes(V1Wire.AUTH_FRAME_LENGTH - garbage.length));
        }
        return garbage;
    }

    /** A v1 auth frame or a session hello (marker, version 1, random rest), both sealed under the key. */
    private byte[] validAuth() {
        byte[] key = this.target.keyBytes();
        if (this.random.nextBoolean()) {
            return V1Wire.authFrame(key, this.random);
        }
        byte[] hello = ByteBuffer.allocate(128).put(SESSION_MARKER).put((byte) 0x01).put(randomBytes(119)).array();
        return V1Wire.concat(new byte[] { V1Wire.TYPE_AUTH }, V1Wire.seal(key, hello, this.random));
    }

}
