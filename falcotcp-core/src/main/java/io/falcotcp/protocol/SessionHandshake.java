package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import io.falcotcp.crypto.AeadCipher;
import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.crypto.SessionKeySchedule;
import io.falcotcp.crypto.SessionKeys;
import io.falcotcp.crypto.X25519KeyPair;
import org.jspecify.annotations.Nullable;

/**
 * The session-mode negotiation carried by the v1 handshake (see "Session mode" in {@code docs/protocol.md}): the
 * client hello inside the auth frame's plaintext, the server's sealed reply and the derivation of the session keys
 * on both sides.
 * <p>
 * This implementation sends session version 2: the hello carries the client's clock (so that a server can refuse a
 * replayed hello) and the reply is sealed with associated data that no v1 message carries. A server can still
 * answer version-1 hellos, the first release of the session mode, when it is told to.
 */
public final class SessionHandshake {

    /** The marker that opens a client hello: {@code "FalcoSes"}. */
    static final byte[] MARKER = { 0x46, 0x61, 0x6C, 0x63, 0x6F, 0x53, 0x65, 0x73 };

    /** The session version this implementation speaks. */
    public static final byte VERSION = 0x02;

    /** The first session version: no clock in the hello, a reply without associated data. */
    public static final byte VERSION_1 = 0x01;

    /** Byte the server writes instead of {@code 0xFF} when it accepts the session mode. */
    public static final byte ACK_SESSION = (byte) 0xFE;

    /** Length of the plaintext of a version-2 server reply. */
    static final int REPLY_PLAINTEXT_LENGTH = 114;

    /** Length of the plaintext of a version-1 server reply. */
    static final int VERSION_1_REPLY_PLAINTEXT_LENGTH = 106;

    /** Length of the sealed server reply after {@link #ACK_SESSION}, in version 2. */
    public static final int REPLY_SEALED_LENGTH = REPLY_PLAINTEXT_LENGTH + ProtocolV1.SEAL_OVERHEAD;

    /** Length of the sealed server reply after {@link #ACK_SESSION}, in version 1. */
    public static final int VERSION_1_REPLY_SEALED_LENGTH = VERSION_1_REPLY_PLAINTEXT_LENGTH
            + ProtocolV1.SEAL_OVERHEAD;

    /** Associated data of a version-2 reply: a v1 message, sealed without any, can never be taken for one. */
    static final byte[] REPLY_ASSOCIATED_DATA = "FalcoTCP session reply v2".getBytes(StandardCharsets.US_ASCII);

    private static final int RANDOM_LENGTH = 32;

    private static final int HELLO_VERSION = 8;

    private static final int HELLO_FEATURES = 9;

    private static final int HELLO_RANDOM = 10;

    private static final int HELLO_PUBLIC_KEY = 42;

    private static final int HELLO_CLOCK = 74;

    private static final int HELLO_MAX_DECOMPRESSED = 82;

    private static final SecureRandom random = new SecureRandom();

    private SessionHandshake() {
    }

    /**
     * Starts a client handshake: a fresh ephemeral key pair and random inside a sealed auth frame, the client's clock
     * read now.
     * @param key the pre-shared key
     * @param engine the AES-GCM implementation
     * @param features the requested feature bits
     * @param maxDecompressedBody the largest body the client decompresses, told to the server so that it sends
     *     larger bodies uncompressed
     * @return the client side of the handshake
     */
    public static ClientHandshake startClient(FalcoKey key, AeadEngine engine, int features,
            int maxDecompressedBody) {
        Objects.requireNonNull(key, "key must not be null");
        X25519KeyPair keyPair = X25519KeyPair.generate();
        byte[] clientRandom = randomBytes(RANDOM_LENGTH);
        ByteBuffer plaintext = ByteBuffer.wrap(randomBytes(ProtocolV1.AUTH_PLAINTEXT_LENGTH));
        plaintext.put(MARKER).put(VERSION).put((byte) features).put(clientRandom).put(keyPair.publicKey())
            .putLong(System.currentTimeMillis()).putInt(maxDecompressedBody);
        byte[] authFrame = new byte[ProtocolV1.AUTH_FRAME_LENGTH];
        authFrame[0] = ProtocolV1.TYPE_AUTH;
        seal(key.newCipher(engine), AeadCipher.NO_ASSOCIATED_DATA, plaintext.array(), authFrame, 1);
        return new ClientHandshake(key, engine, features, keyPair, clientRandom, authFrame);
    }

    /**
     * Starts a client handshake that decompresses bodies up to
     * {@link Lz4BodyCompression#DEFAULT_MAX_DECOMPRESSED_LENGTH}; see
     * {@link #startClient(FalcoKey, AeadEngine, int, int)}.
     * @param key the pre-shared key
     * @param engine the AES-GCM implementation
     * @param features the requested feature bits
     * @return the client side of the handshake
     */
    public static ClientHandshake startClient(FalcoKey key, AeadEngine engine, int features) {
        return startClient(key, engine, features, Lz4BodyCompression.DEFAULT_MAX_DECOMPRESSED_LENGTH);
    }

    /**
     * Reads a client hello from an opened auth frame plaintext.
     * @param plaintext the 128 bytes of an auth frame that opened under a key
     * @return the hello, or {@code null} for a plain v1 auth frame (no marker, or a version this implementation
     *     does not know)
     */
    public static @Nullable ClientHello parseHello(byte[] plaintext) {
        if (plaintext.length != ProtocolV1.AUTH_PLAINTEXT_LENGTH
                || !Arrays.equals(plaintext, 0, MARKER.length, MARKER, 0, MARKER.length)) {
            return null;
        }
        byte version = plaintext[HELLO_VERSION];
        if (version != VERSION && version != VERSION_1) {
            return null;
        }
        ByteBuffer hello = ByteBuffer.wrap(plaintext);
        long clock = (version == VERSION) ? hello.getLong(HELLO_CLOCK) : 0;
        int maxDecompressed = (version == VERSION) ? hello.getInt(HELLO_MAX_DECOMPRESSED) : Integer.MAX_VALUE;
        return new ClientHello(version, plaintext[HELLO_FEATURES] & 0xFF,
                Arrays.copyOfRange(plaintext, HELLO_RANDOM, HELLO_PUBLIC_KEY),
                Arrays.copyOfRange(plaintext, HELLO_PUBLIC_KEY, HELLO_CLOCK), clock, maxDecompressed);
    }

    /**
     * Answers a client hello on the server: a fresh ephemeral key pair and random, sealed with the key the auth
     * frame opened under and bound to that auth frame, in the hello's session version.
     * @param psk the key the auth frame opened under
     * @param engine the AES-GCM implementation
     * @param hello the client's hello
     * @param authFrame the whole 157-byte auth frame as received
     * @param offer what the server offers and announces
     * @return the reply to write and the session, or {@code null} when the client's public key is unusable
     */
    public static @Nullable ServerAnswer answer(FalcoKey psk, AeadEngine engine, ClientHello hello,
            byte[] authFrame, Offer offer) {
        X25519KeyPair keyPair = X25519KeyPair.generate();
        byte[] shared = keyPair.agree(hello.publicKey());
        if (shared == null) {
            return null;
        }
        boolean current = hello.version() == VERSION;
        int features = hello.features() & offer.features();
        byte[] serverRandom = randomBytes(RANDOM_LENGTH);
        ByteBuffer plaintext = ByteBuffer.allocate(current ? REPLY_PLAINTEXT_LENGTH : VERSION_1_REPLY_PLAINTEXT_LENGTH);
        plaintext.put(hello.version()).put((byte) features).put(serverRandom).put(keyPair.publicKey())
            .putInt(offer.maxInFlight()).putInt(offer.maxFrameSize());
        if (current) {
            plaintext.putInt(offer.maxDecompressedBody()).putInt(keyLifetimeSeconds(offer.keyLifetime()));
        }
        plaintext.put(SessionKeySchedule.sha256(authFrame));
        byte[] reply = new byte[1 + plaintext.capacity() + ProtocolV1.SEAL_OVERHEAD];
        reply[0] = ACK_SESSION;
        seal(psk.newCipher(engine), current ? REPLY_ASSOCIATED_DATA : AeadCipher.NO_ASSOCIATED_DATA,
                plaintext.array(), reply, 1);
        SessionKeys keys = SessionKeySchedule.derive(hello.version(), psk, shared, hello.clientRandom(), serverRandom,
                SessionKeySchedule.sha256(authFrame, reply));
        Arrays.fill(shared, (byte) 0);
        return new ServerAnswer(reply, new Session(keys, features, offer.maxInFlight(), offer.maxFrameSize(),
                current ? hello.maxDecompressedBody() : offer.maxFrameSize(), offer.keyLifetime()));
    }

    private static int keyLifetimeSeconds(Duration keyLifetime) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, keyLifetime.toSeconds()));
    }

    private static void seal(AeadCipher cipher, byte[] associatedData, byte[] plaintext, byte[] out, int offset) {
        byte[] nonce = randomBytes(ProtocolV1.NONCE_LENGTH);
        System.arraycopy(nonce, 0, out, offset, nonce.length);
        cipher.encrypt(nonce, associatedData, ByteBuffer.wrap(plaintext), ByteBuffer.wrap(out,
                offset + nonce.length, plaintext.length + ProtocolV1.TAG_LENGTH));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * A client hello as the server read it.
     * @param version the session version, {@link #VERSION} or {@link #VERSION_1}
     * @param features the requested feature bits
     * @param clientRandom the client's 32-byte random
     * @param publicKey the client's ephemeral X25519 public key
     * @param clockMillis the client's clock when it wrote the hello, milliseconds since the epoch (0 in version 1)
     * @param maxDecompressedBody the largest body the client decompresses (unlimited in version 1)
     */
    public record ClientHello(byte version, int features, byte[] clientRandom, byte[] publicKey, long clockMillis,
            int maxDecompressedBody) {
    }

    /**
     * What a server offers to session-mode clients and announces in its reply.
     * @param features the feature bits it supports
     * @param maxInFlight the limit of requests in flight per connection
     * @param maxFrameSize the maximum length of a client session frame
     * @param maxDecompressedBody the largest request body it decompresses
     * @param keyLifetime how long the session keys of a connection may be used
     */
    public record Offer(int features, int maxInFlight, int maxFrameSize, int maxDecompressedBody,
            Duration keyLifetime) {
    }

    /**
     * The server's answer to a hello.
     * @param reply the bytes to write: {@code 0xFE ‖ nonce ‖ sealed reply}
     * @param session the negotiated session
     */
    public record ServerAnswer(byte[] reply, Session session) {
    }

    /**
     * A negotiated session: its keys and the limits each side announced.
     * @param keys the keys of both directions
     * @param features the accepted feature bits
     * @param maxInFlight the server's limit of requests in flight on the connection
     * @param maxFrameSize the server's maximum length of a client session frame
     * @param peerMaxDecompressedBody the largest body the peer decompresses: larger ones are sent uncompressed
     * @param keyLifetime how long the server lets the keys be used
     */
    public record Session(SessionKeys keys, int features, int maxInFlight, int maxFrameSize,
            int peerMaxDecompressedBody, Duration keyLifetime) {
    }

    /**
     * The client side of a handshake, from its auth frame to the session keys.
     */
    public static final class ClientHandshake {

        private final FalcoKey key;

        private final AeadEngine engine;

        private final int requestedFeatures;

        private final X25519KeyPair keyPair;

        private final byte[] clientRandom;

        private final byte[] authFrame;

        private ClientHandshake(FalcoKey key, AeadEngine engine, int requestedFeatures, X25519KeyPair keyPair,
                byte[] clientRandom, byte[] authFrame) {
            this.key = key;
            this.engine = engine;
            this.requestedFeatures = requestedFeatures;
            this.keyPair = keyPair;
            this.clientRandom = clientRandom;
            this.authFrame = authFrame;
        }

        /**
         * The 157-byte auth frame carrying the hello.
         * @return a copy of the frame
         */
        public byte[] authFrame() {
            return this.authFrame.clone();
        }

        /**
         * Checks the server's reply and derives the session.
         * @param sealedReply the {@link #REPLY_SEALED_LENGTH} bytes after {@link #ACK_SESSION}
         * @return the session, or {@code null} when the reply does not open under the key with the reply's
         *     associated data, is bound to another auth frame, names another version, accepts features that were
         *     not requested or announces unusable limits or an unusable public key
         */
        public @Nullable Session finish(byte[] sealedReply) {
            if (sealedReply.length != REPLY_SEALED_LENGTH) {
                return null;
            }
            byte[] nonce = Arrays.copyOf(sealedReply, ProtocolV1.NONCE_LENGTH);
            byte[] plaintext = new byte[REPLY_PLAINTEXT_LENGTH];
            if (!this.key.newCipher(this.engine).decrypt(nonce, REPLY_ASSOCIATED_DATA, ByteBuffer.wrap(sealedReply,
                    ProtocolV1.NONCE_LENGTH, sealedReply.length - ProtocolV1.NONCE_LENGTH),
                    ByteBuffer.wrap(plaintext))) {
                return null;
            }
            ByteBuffer reply = ByteBuffer.wrap(plaintext);
            byte version = reply.get();
            int features = reply.get() & 0xFF;
            byte[] serverRandom = new byte[RANDOM_LENGTH];
            reply.get(serverRandom);
            byte[] serverPublicKey = new byte[X25519KeyPair.LENGTH];
            reply.get(serverPublicKey);
            int maxInFlight = reply.getInt();
            int maxFrameSize = reply.getInt();
            int maxDecompressedBody = reply.getInt();
            long keyLifetimeSeconds = reply.getInt() & 0xFFFFFFFFL;
            byte[] boundTo = new byte[32];
            reply.get(boundTo);
            if (version != VERSION || (features & ~this.requestedFeatures) != 0 || maxInFlight < 1
                    || maxFrameSize < ProtocolV1.TAG_LENGTH || maxDecompressedBody < 0 || keyLifetimeSeconds < 1
                    || !MessageDigest.isEqual(boundTo, SessionKeySchedule.sha256(this.authFrame))) {
                return null;
            }
            byte[] shared = this.keyPair.agree(serverPublicKey);
            if (shared == null) {
                return null;
            }
            byte[] fullReply = new byte[1 + REPLY_SEALED_LENGTH];
            fullReply[0] = ACK_SESSION;
            System.arraycopy(sealedReply, 0, fullReply, 1, REPLY_SEALED_LENGTH);
            SessionKeys keys = SessionKeySchedule.derive(VERSION, this.key, shared, this.clientRandom, serverRandom,
                    SessionKeySchedule.sha256(this.authFrame, fullReply));
            Arrays.fill(shared, (byte) 0);
            return new Session(keys, features, maxInFlight, maxFrameSize, maxDecompressedBody,
                    Duration.ofSeconds(keyLifetimeSeconds));
        }

    }

}
