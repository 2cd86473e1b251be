package io.falcotcp.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.crypto.SessionKeys;
import io.falcotcp.protocol.SessionFeature;
import io.falcotcp.protocol.SessionHandshake;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import org.jspecify.annotations.Nullable;

/**
 * The client end of one session-mode connection, written from the protocol document: session frames
 * {@code len: u32 ‖ AES-GCM(key, base XOR counter, plaintext)} sealed and opened with the JDK's AES/GCM, their
 * plaintexts built and parsed byte by byte. Only the handshake that yields the keys is the production code's
 * ({@link #handshake}).
 */
final class SessionWire {

    static final byte KIND_REQUEST = 0x01;

    static final byte KIND_CANCEL = 0x02;

    static final byte KIND_PING = 0x03;

    static final byte KIND_RESPONSE = 0x11;

    static final byte KIND_PONG = 0x12;

    static final int FLAG_COMPRESSED = 0x01;

    static final int TAG = 16;

    /** Plaintext bytes of a request before its route: kind, id, flags, route length. */
    static final int REQUEST_HEADER = 1 + Integer.BYTES + 1 + 1;

    private static final int RESPONSE_HEADER = 1 + Integer.BYTES + 1 + 1 + Short.BYTES;

    private static final int STATUSES = 5;

    private static final int MAX_STATUS_MESSAGE = 256;

    private static final LZ4Factory lz4 = LZ4Factory.safeInstance();

    private final SessionKeys keys;

    private final boolean compression;

    private final int maxFrameSize;

    private long sent;

    private long received;

    private SessionWire(SessionKeys keys, boolean compression, int maxFrameSize) {
        this.keys = keys;
        this.compression = compression;
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Runs the client side of the session handshake with the production helpers ({@link SessionHandshake}, which
     * derives the keys with {@code SessionKeySchedule}): the one place the fuzzer relies on production code, only
     * to obtain the keys. Adapt this method when the handshake changes.
     * @param connection a fresh connection
     * @param key the pre-shared key
     * @param lz4 whether to request LZ4 compression
     * @param sentWithHello bytes written in the same write right after the hello
     * @return the session, after asserting the server's {@code 0xFE} reply
     */
    static SessionWire handshake(WireConnection connection, FalcoKey key, boolean lz4, byte[] sentWithHello)
            throws IOException {
        SessionHandshake.ClientHandshake handshake = SessionHandshake.startClient(key, AeadEngine.DEFAULT,
                lz4 ? SessionFeature.LZ4.mask() : 0);
        connection.write(V1Wire.concat(handshake.authFrame(), sentWithHello));
        int ack = connection.readUnsignedByte();
        if (ack != (SessionHandshake.ACK_SESSION & 0xFF)) {
            throw new AssertionError("the server answered a session hello with 0x" + Integer.toHexString(ack));
        }
        SessionHandshake.Session session = handshake.finish(
                connection.readExactly(SessionHandshake.REPLY_SEALED_LENGTH));
        if (session == null) {
            throw new AssertionError("the server's session reply was rejected by the client handshake");
        }
        return new SessionWire(session.keys(), session.features() != 0, session.maxFrameSize());
    }

    boolean compression() {
        return this.compression;
    }

    int maxFrameSize() {
        return this.maxFrameSize;
    }

    /** A frame sealed under the next client counter. */
    byte[] frame(byte[] plaintext) {
        return frameUnderCounter(this.sent++, plaintext);
    }

    /** A frame sealed under any counter; the next counter does not move. */
    byte[] frameUnderCounter(long counter, byte[] plaintext) {
        return lengthPrefixed(plaintext.length + TAG,
                seal(this.keys.clientToServerKey(), this.keys.clientToServerNonceBase(), counter, plaintext));
    }

    /** A frame sealed as the server would seal its next one: the other direction's key. */
    byte[] reflected(byte[] plaintext) {
        return lengthPrefixed(plaintext.length + TAG,
                seal(this.keys.serverToClientKey(), this.keys.serverToClientNonceBase(), this.received, plaintext));
    }

    long sentFrames() {
        return this.sent;
    }

    static byte[] lengthPrefixed(long length, byte[] rest) {
        return ByteBuffer.allocate(Integer.BYTES + rest.length).putInt((int) length).put(rest).array();
    }

    static byte[] request(int id, int flags, byte[] route, byte[] body) {
        return ByteBuffer.allocate(REQUEST_HEADER + route.length + body.length).put(KIND_REQUEST).putInt(id)
            .put((byte) flags).put((byte) route.length).put(route).put(body).array();
    }

    /** A request whose route length byte says anything, followed by {@code rest}. */
    static byte[] requestWithRouteLength(int id, int routeLength, byte[] rest) {
        return ByteBuffer.allocate(REQUEST_HEADER + rest.length).put(KIND_REQUEST).putInt(id).put((byte) 0)
            .put((byte) routeLength).put(rest).array();
    }

    static byte[] cancel(int id) {
        return ByteBuffer.allocate(1 + Integer.BYTES).put(KIND_CANCEL).putInt(id).array();
    }

    static byte[] ping() {
        return new byte[] { KIND_PING };
    }

    /** {@code uncompressedLength: u32 ‖ LZ4 block}. */
    static byte[] compress(byte[] body) {
        byte[] block = lz4.fastCompressor().compress(body);
        return ByteBuffer.allocate(Integer.BYTES + block.length).putInt(body.length).put(block).array();
    }

    /**
     * Reads the server's next frame, opens it under the next server counter and parses it, failing on anything
     * the protocol does not allow, and on the end of the stream.
     */
    ServerFrame read(WireConnection connection) throws IOException {
        ServerFrame frame = readOrEnd(connection);
        if (frame == null) {
            throw new AssertionError("the server closed the connection instead of answering");
        }
        return frame;
    }

    /**
     * Reads the server's next frame as {@link #read} does.
     * @return the frame, or {@code null} when the server closed the connection between two frames
     */
    @Nullable ServerFrame readOrEnd(WireConnection connection) throws IOException {
        int first = connection.readOrEnd();
        if (first == -1) {
            return null;
        }
        long length = ((long) first << 24) | (connection.readUnsignedByte() << 16)
                | (connection.readUnsignedByte() << 8) | connection.readUnsignedByte();
        // the largest server frame answers a client frame of the maximum size: a response header is 2 bytes longer
        if (length < TAG + 1 || length > this.maxFrameSize + 2L) {
            throw new AssertionError("a server session frame announced " + length + " bytes");
        }
        byte[] sealed = connection.readExactly((int) length);
        byte[] plaintext = open(this.keys.serverToClientKey(), this.keys.serverToClientNonceBase(), this.received++,
                sealed);
        return parse(plaintext);
    }

    private ServerFrame parse(byte[] plaintext) {
        ByteBuffer in = ByteBuffer.wrap(plaintext);
        byte kind = in.get();
        if (kind == KIND_PONG) {
            check(!in.hasRemaining(), "a pong with trailing bytes");
            return ServerFrame.Pong.INSTANCE;
        }
        check(kind == KIND_RESPONSE, "a server frame of kind 0x" + Integer.toHexString(kind & 0xFF));
        check(plaintext.length >= RESPONSE_HEADER, "a truncated response");
        int id = in.getInt();
        int flags = in.get() & 0xFF;
        check((flags & ~(this.compression ? FLAG_COMPRESSED : 0)) == 0,
                "response flags 0x" + Integer.toHexString(flags));
        int status = in.get() & 0xFF;
        check(status < STATUSES, "an unknown status " + status);
        int messageLength = in.getShort() & 0xFFFF;
        check(messageLength <= MAX_STATUS_MESSAGE && messageLength <= in.remaining(),
                "a status message of " + messageLength + " bytes");
        String message = utf8(in, messageLength);
        byte[] body = new byte[in.remaining()];
        in.get(body);
        if ((flags & FLAG_COMPRESSED) != 0) {
            body = decompress(body);
        }
        check(status == 0 || body.length == 0, "a body in a response of status " + status);
        return new ServerFrame.Response(id, status, message, body);
    }

    private byte[] decompress(byte[] compressed) {
        check(compressed.length >= Integer.BYTES, "a compressed body without its length");
        int declared = ByteBuffer.wrap(compressed).getInt();
        check(declared >= 0 && declared <= this.maxFrameSize, "a compressed body declaring " + declared + " bytes");
        byte[] body = new byte[declared];
        try {
            int written = lz4.safeDecompressor().decompress(compressed, Integer.BYTES,
                    compressed.length - Integer.BYTES, body, 0);
            check(written == declared, "a compressed body expanding to " + written + " of " + declared + " bytes");
        }
        catch (LZ4Exception ex) {
            throw new AssertionError("the server sent a malformed LZ4 block", ex);
        }
        return body;
    }

    private static String utf8(ByteBuffer in, int length) {
        ByteBuffer text = in.slice().limit(length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(text).toString();
        }
        catch (CharacterCodingException ex) {
            throw new AssertionError("a status message that is not UTF-8", ex);
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("the server sent " + what);
        }
    }

    private static byte[] seal(byte[] key, byte[] nonceBase, long counter, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG * 8, nonce(nonceBase, counter)));
            return cipher.doFinal(plaintext);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] open(byte[] key, byte[] nonceBase, long counter, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG * 8, nonce(nonceBase, counter)));
            return cipher.doFinal(sealed);
        }
        catch (GeneralSecurityException ex) {
            throw new AssertionError("server session frame " + counter + " does not open under its counter", ex);
        }
    }

    /** {@code base XOR (0x00000000 ‖ counter: u64)}. */
    private static byte[] nonce(byte[] base, long counter) {
        byte[] nonce = Arrays.copyOf(base, base.length);
        for (int i = 0; i < Long.BYTES; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (counter >>> (8 * i));
        }
        return nonce;
    }

    /**
     * A frame the server sent, as parsed.
     */
    sealed interface ServerFrame {

        /**
         * A response.
         * @param id the request id
         * @param status the status code
         * @param message the status message
         * @param body the body, decompressed
         */
        record Response(int id, int status, String message, byte[] body) implements ServerFrame {
        }

        /**
         * A pong.
         */
        enum Pong implements ServerFrame {

            INSTANCE

        }

    }

}
