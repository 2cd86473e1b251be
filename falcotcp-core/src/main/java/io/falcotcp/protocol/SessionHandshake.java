package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
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
 */
public final class SessionHandshake {

    /** The marker that opens a client hello: {@code "FalcoSes"}. */
    static final byte[] MARKER = { 0x46, 0x61, 0x6C, 0x63, 0x6F, 0x53, 0x65, 0x73 };

    /** The session version this implementation speaks. */
    public static final byte VERSION = 0x01;

    /** Byte the server writes instead of {@code 0xFF} when it accepts the session mode. */
    public static final byte ACK_SESSION = (byte) 0xFE;

    /** Length of the sealed server reply after {@link #ACK_SESSION}. */
    public static final int REPLY_SEALED_LENGTH = 106 + ProtocolV1.SEAL_OVERHEAD;

    private static final int RANDOM_LENGTH = 32;

    private static final int REPLY_PLAINTEXT_LENGTH = 106;

    private static final int HELLO_FEATURES = 9;

    private static final int HELLO_RANDOM = 10;

    private static final int HELLO_PUBLIC_KEY = 42;

    private static final int HELLO_PADDING = 74;

    private static final SecureRandom random = new SecureRandom();

    private SessionHandshake() {
    }

    /**
     * Starts a client handshake: a fresh ephemeral key pair and random inside a sealed auth frame.
     * @param key the pre-shared key
     * @param engine the AES-GCM implementation
     * @param features the requested feature bits
     * @return the client side of the handshake
     */
    public static ClientHandshake startClient(FalcoKey key, AeadEngine engine, int features) {
        Objects.requireNonNull(key, "key must not be null");
        X25519KeyPair keyPair = X25519KeyPair.generate();
        byte[] clientRandom = randomBytes(RANDOM_LENGTH);
        byte[] plaintext = new byte[ProtocolV1.AUTH_PLAINTEXT_LENGTH];
        random.nextBytes(plaintext);
        System.arraycopy(MARKER, 0, plaintext, 0, MARKER.length);
        plaintext[MARKER.length] = VERSION;
        plaintext[HELLO_FEATURES] = (byte) features;
        System.arraycopy(clientRandom, 0, plaintext, HELLO_RANDOM, RANDOM_LENGTH);
        System.arraycopy(keyPair.publicKey(), 0, plaintext, HELLO_PUBLIC_KEY, X25519KeyPair.LENGTH);
        byte[] authFrame = new byte[ProtocolV1.AUTH_FRAME_LENGTH];
        authFrame[0] = ProtocolV1.TYPE_AUTH;
        seal(key.newCipher(engine), plaintext, authFrame, 1);
        return new ClientHandshake(key, engine, features, keyPair, clientRandom, authFrame);
    }

    /**
     * Reads a client hello from an opened auth frame plaintext.
     * @param plaintext the 128 bytes of an auth frame that opened under a key
     * @return the hello, or {@code null} for a plain v1 auth frame (no marker, or a version this server does not
     *     speak)
     */
    public static @Nullable ClientHello parseHello(byte[] plaintext) {
        if (plaintext.length != ProtocolV1.AUTH_PLAINTEXT_LENGTH
                || !Arrays.equals(plaintext, 0, MARKER.length, MARKER, 0, MARKER.length)
                || plaintext[MARKER.length] != VERSION) {
            return null;
        }
        return new ClientHello(plaintext[HELLO_FEATURES] & 0xFF,
                Arrays.copyOfRange(plaintext, HELLO_RANDOM, HELLO_PUBLIC_KEY),
                Arrays.copyOfRange(plaintext, HELLO_PUBLIC_KEY, HELLO_PADDING));
    }

    /**
     * Answers a client hello on the server: a fresh ephemeral key pair and random, sealed with the key the auth
     * frame opened under and bound to that auth frame.
     * @param psk the key the auth frame opened under
     * @param engine the AES-GCM implementation
     * @param hello the client's hello
     * @param authFrame the whole 157-byte auth frame as received
     * @param supportedFeatures the feature bits this server offers; the reply accepts their intersection
     * @param maxInFlight the announced limit of requests in flight per connection
     * @param maxFrameSize the announced maximum length of a client session frame
     * @return the reply to write after {@link #ACK_SESSION} and the session, or {@code null} when the client's
     *     public key is unusable
     */
    public static @Nullable ServerAnswer answer(FalcoKey psk, AeadEngine engine, ClientHello hello,
            byte[] authFrame, int supportedFeatures, int maxInFlight, int maxFrameSize) {
        X25519KeyPair keyPair = X25519KeyPair.generate();
        byte[] shared = keyPair.agree(hello.publicKey());
        if (shared == null) {
            return null;
        }
        int features = hello.features() & supportedFeatures;
        byte[] serverRandom = randomBytes(RANDOM_LENGTH);
        ByteBuffer plaintext = ByteBuffer.allocate(REPLY_PLAINTEXT_LENGTH);
        plaintext.put(VERSION).put((byte) features).put(serverRandom).put(keyPair.publicKey())
            .putInt(maxInFlight).putInt(maxFrameSize).put(SessionKeySchedule.sha256(authFrame));
        byte[] reply = new byte[1 + REPLY_SEALED_LENGTH];
        reply[0] = ACK_SESSION;
        seal(psk.newCipher(engine), plaintext.array(), reply, 1);
        SessionKeys keys = SessionKeySchedule.derive(psk, shared, hello.clientRandom(), serverRandom,
                SessionKeySchedule.sha256(authFrame, reply));
        Arrays.fill(shared, (byte) 0);
        return new ServerAnswer(reply, new Session(keys, features, maxInFlight, maxFrameSize));
    }

    private static void seal(AeadCipher cipher, byte[] plaintext, byte[] out, int offset) {
        byte[] nonce = randomBytes(ProtocolV1.NONCE_LENGTH);
        System.arraycopy(nonce, 0, out, offset, nonce.length);
        cipher.encrypt(nonce, ByteBuffer.wrap(plaintext), ByteBuffer.wrap(out, offset + nonce.length,
                plaintext.length + ProtocolV1.TAG_LENGTH));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * A client hello as the server read it.
     * @param features the requested feature bits
     * @param clientRandom the client's 32-byte random
     * @param publicKey the client's ephemeral X25519 public key
     */
    public record ClientHello(int features, byte[] clientRandom, byte[] publicKey) {
    }

    /**
     * The server's answer to a hello.
     * @param reply the 135 bytes to write: {@code 0xFE ‖ nonce ‖ sealed reply}
     * @param session the negotiated session
     */
    public record ServerAnswer(byte[] reply, Session session) {
    }

    /**
     * A negotiated session: its keys and what the server announced.
     * @param keys the keys of both directions
     * @param features the accepted feature bits
     * @param maxInFlight the server's limit of requests in flight on the connection
     * @param maxFrameSize the server's maximum length of a client session frame
     */
    public record Session(SessionKeys keys, int features, int maxInFlight, int maxFrameSize) {
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
         * @return the session, or {@code null} when the reply does not open under the key, is bound to another
         *     auth frame, names another version, accepts features that were not requested or announces unusable
         *     limits or an unusable public key
         */
        public @Nullable Session finish(byte[] sealedReply) {
            if (sealedReply.length != REPLY_SEALED_LENGTH) {
                return null;
            }
            byte[] nonce = Arrays.copyOf(sealedReply, ProtocolV1.NONCE_LENGTH);
            byte[] plaintext = new byte[REPLY_PLAINTEXT_LENGTH];
            if (!this.key.newCipher(this.engine).decrypt(nonce, ByteBuffer.wrap(sealedReply,
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
            byte[] boundTo = new byte[32];
            reply.get(boundTo);
            if (version != VERSION || (features & ~this.requestedFeatures) != 0 || maxInFlight < 1
                    || maxFrameSize < ProtocolV1.TAG_LENGTH
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
            SessionKeys keys = SessionKeySchedule.derive(this.key, shared, this.clientRandom, serverRandom,
                    SessionKeySchedule.sha256(this.authFrame, fullReply));
            Arrays.fill(shared, (byte) 0);
            return new Session(keys, features, maxInFlight, maxFrameSize);
        }

    }

}
