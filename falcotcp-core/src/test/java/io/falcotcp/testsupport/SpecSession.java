package io.falcotcp.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The session mode of {@code docs/protocol.md} ("Session mode") written from the document alone, with the JDK's
 * AES-GCM, SHA-256 and BouncyCastle's low-level HKDF and X25519: no class of the project is involved, so a mistake
 * made the same way on both ends of the project (salt or info order, nonce derivation, a length's byte order) shows
 * as a failed handshake or a frame that does not open. LZ4 bodies use lz4-java's raw block API, a third-party
 * implementation of the block format, not the project's codec.
 */
public final class SpecSession {

    public static final byte[] MARKER = "FalcoSes".getBytes(StandardCharsets.US_ASCII);

    public static final byte VERSION = 0x02;

    public static final byte ACK_SESSION = (byte) 0xFE;

    public static final int AUTH_FRAME_LENGTH = 157;

    public static final int REPLY_LENGTH = 143;

    public static final int REPLY_PLAINTEXT_LENGTH = 114;

    public static final byte[] REPLY_ASSOCIATED_DATA = "FalcoTCP session reply v2".getBytes(StandardCharsets.US_ASCII);

    public static final byte[] KEY_LABEL = "FalcoTCP session v2".getBytes(StandardCharsets.US_ASCII);

    /** Feature bit 2 in the hello and reply, flag bit 2 of a request: metadata. */
    public static final int METADATA = 0b100;

    /** Feature bit 3 in the hello and reply: the server may say it goes away. */
    public static final int GOING_AWAY = 0b1000;

    /** Feature bit 4 in the hello and reply: several messages in one frame. */
    public static final int BATCHES = 0b10000;

    public static final int KIND_REQUEST = 0x01;

    public static final int KIND_CANCEL = 0x02;

    public static final int KIND_PING = 0x03;

    public static final int KIND_CLIENT_CONTINUATION = 0x04;

    public static final int KIND_CLIENT_BATCH = 0x05;

    public static final int KIND_RESPONSE = 0x11;

    public static final int KIND_PONG = 0x12;

    public static final int KIND_SERVER_CONTINUATION = 0x13;

    public static final int KIND_SERVER_BATCH = 0x14;

    public static final int KIND_GOING_AWAY = 0x15;

    /** Feature bit 0, and the request and response flag bit 0: LZ4 compression. */
    public static final int LZ4 = 0b01;

    /** Feature bit 1, and the request and response flag bit 1: a body in segments. */
    public static final int SEGMENTS = 0b10;

    private static final SecureRandom random = new SecureRandom();

    private SpecSession() {
    }

    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The X25519 public key of a 32-byte private key (RFC 7748). */
    public static byte[] x25519PublicKey(byte[] privateKey) {
        byte[] publicKey = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    /** {@code X25519(private, public)}: the raw shared secret, all zero for a low-order point. */
    public static byte[] x25519(byte[] privateKey, byte[] peerPublicKey) {
        byte[] shared = new byte[X25519.POINT_SIZE];
        X25519.scalarMult(privateKey, 0, peerPublicKey, 0, shared, 0);
        return shared;
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] okm = new byte[length];
        hkdf.generateBytes(okm, 0, length);
        return okm;
    }

    /** AES-256-GCM: {@code ciphertext ‖ tag}. */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(plaintext);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Opens {@code ciphertext ‖ tag}, or returns {@code null} when the tag does not verify. */
    public static byte[] open(byte[] key, byte[] nonce, byte[] associatedData, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed);
        }
        catch (AEADBadTagException ex) {
            return null;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The 128-byte hello plaintext; the last 42 bytes are padding. */
    public static byte[] hello(int features, byte[] clientRandom, byte[] publicKey, long clockMillis,
            int maxDecompressedBody, byte[] padding) {
        return ByteBuffer.allocate(128).put(MARKER).put(VERSION).put((byte) features).put(clientRandom)
            .put(publicKey).putLong(clockMillis).putInt(maxDecompressedBody).put(padding).array();
    }

    /** {@code 0x00 ‖ nonce ‖ seal(PSK, nonce, hello)}. */
    public static byte[] authFrame(byte[] psk, byte[] nonce, byte[] hello) {
        return ByteBuffer.allocate(AUTH_FRAME_LENGTH).put((byte) 0x00).put(nonce)
            .put(seal(psk, nonce, new byte[0], hello)).array();
    }

    /** The 114-byte reply plaintext {@code R}. */
    public static byte[] replyPlaintext(int features, byte[] serverRandom, byte[] publicKey, int maxInFlight,
            int maxFrameSize, int maxDecompressedBody, int keyLifetimeSeconds, byte[] authFrame) {
        return ByteBuffer.allocate(REPLY_PLAINTEXT_LENGTH).put(VERSION).put((byte) features).put(serverRandom)
            .put(publicKey).putInt(maxInFlight).putInt(maxFrameSize).putInt(maxDecompressedBody)
            .putInt(keyLifetimeSeconds).put(sha256(authFrame)).array();
    }

    /** {@code 0xFE ‖ nonce ‖ seal(PSK, nonce, R, AD = "FalcoTCP session reply v2")}. */
    public static byte[] reply(byte[] psk, byte[] nonce, byte[] replyPlaintext) {
        return ByteBuffer.allocate(REPLY_LENGTH).put(ACK_SESSION).put(nonce)
            .put(seal(psk, nonce, REPLY_ASSOCIATED_DATA, replyPlaintext)).array();
    }

    /** The key schedule: {@code okm = HKDF-SHA256(PSK ‖ shared, client random ‖ server random, label ‖ transcript, 88)}. */
    public static Keys deriveKeys(byte[] psk, byte[] shared, byte[] clientRandom, byte[] serverRandom,
            byte[] authFrame, byte[] reply) {
        byte[] transcript = sha256(authFrame, reply);
        byte[] okm = hkdfSha256(concat(psk, shared), concat(clientRandom, serverRandom), concat(KEY_LABEL, transcript),
                88);
        return new Keys(Arrays.copyOfRange(okm, 0, 32), Arrays.copyOfRange(okm, 32, 64),
                Arrays.copyOfRange(okm, 64, 76), Arrays.copyOfRange(okm, 76, 88));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code kind ‖ (length: u16 ‖ message) × n}: a batch of messages, however many and however long. */
    public static byte[] batch(int kind, byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(kind);
        for (byte[] message : messages) {
            out.write(message.length >>> 8);
            out.write(message.length & 0xFF);
            out.writeBytes(message);
        }
        return out.toByteArray();
    }

    /**
     * The messages of a plaintext: those of a batch of the given kind, or the plaintext itself when it is a message
     * of its own.
     */
    public static List<byte[]> messages(int batchKind, byte[] plaintext) {
        if ((plaintext[0] & 0xFF) != batchKind) {
            return List.of(plaintext);
        }
        List<byte[]> messages = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(plaintext, 1, plaintext.length - 1);
        while (buffer.hasRemaining()) {
            byte[] message = new byte[buffer.getShort() & 0xFFFF];
            buffer.get(message);
            messages.add(message);
        }
        return messages;
    }

    /** {@code 0x01 ‖ id ‖ flags ‖ routeLength ‖ route ‖ body}. */
    public static byte[] request(int id, int flags, String route, byte[] body) {
        byte[] routeBytes = route.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(7 + routeBytes.length + body.length).put((byte) KIND_REQUEST).putInt(id)
            .put((byte) flags).put((byte) routeBytes.length).put(routeBytes).put(body).array();
    }

    /** {@code 0x11 ‖ id ‖ flags ‖ status ‖ messageLength ‖ message ‖ body}. */
    public static byte[] response(int id, int flags, int status, String message, byte[] body) {
        byte[] messageBytes = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(9 + messageBytes.length + body.length).put((byte) KIND_RESPONSE).putInt(id)
            .put((byte) flags).put((byte) status).putShort((short) messageBytes.length).put(messageBytes).put(body)
            .array();
    }

    /** {@code 0x01 ‖ id ‖ flags ‖ routeLength ‖ route ‖ metadata ‖ body}: set flag bit 2 for the block. */
    public static byte[] request(int id, int flags, String route, byte[] metadata, byte[] body) {
        byte[] head = request(id, flags, route, new byte[0]);
        return concat(head, metadata, body);
    }

    /**
     * A metadata block, {@code count: u8 ‖ (keyLength: u8 ‖ key ‖ valueLength: u16 ‖ value)*}, of keys and values
     * in turn, written as they are (so also keys the document forbids).
     */
    public static byte[] metadata(String... keysAndValues) {
        byte[][] entries = new byte[keysAndValues.length / 2][];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = metadataEntry(keysAndValues[2 * i].getBytes(StandardCharsets.UTF_8),
                    keysAndValues[2 * i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return metadata(entries.length, entries);
    }

    /** A metadata block of a declared count (which may differ from the entries given) and raw entries. */
    public static byte[] metadata(int count, byte[]... entries) {
        return concat(new byte[] { (byte) count }, concat(entries));
    }

    /** One metadata entry, {@code keyLength: u8 ‖ key ‖ valueLength: u16 ‖ value}, from raw bytes. */
    public static byte[] metadataEntry(byte[] key, byte[] value) {
        return ByteBuffer.allocate(3 + key.length + value.length).put((byte) key.length).put(key)
            .putShort((short) value.length).put(value).array();
    }

    /**
     * Reads the metadata block at a buffer's position into a map, as the document lays it out; the buffer is left
     * after the block.
     */
    public static Map<String, String> readMetadata(ByteBuffer buffer) {
        Map<String, String> metadata = new LinkedHashMap<>();
        int count = buffer.get() & 0xFF;
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[buffer.get() & 0xFF];
            buffer.get(key);
            byte[] value = new byte[buffer.getShort() & 0xFFFF];
            buffer.get(value);
            metadata.put(new String(key, StandardCharsets.US_ASCII), new String(value, StandardCharsets.UTF_8));
        }
        return metadata;
    }

    /** A compressed body: the uncompressed length as {@code u32} and the body as one LZ4 block. */
    public static byte[] lz4(byte[] body) {
        byte[] block = LZ4Factory.safeInstance().fastCompressor().compress(body);
        return ByteBuffer.allocate(4 + block.length).putInt(body.length).put(block).array();
    }

    /**
     * A compressed body that claims an uncompressed length of its own: its block holds {@code length} zero bytes
     * (a bomb: a few hundred bytes that expand to {@code length}) while its prefix says {@code claimed}.
     */
    public static byte[] lz4Claiming(int claimed, int length) {
        byte[] block = LZ4Factory.safeInstance().fastCompressor().compress(new byte[length]);
        return ByteBuffer.allocate(4 + block.length).putInt(claimed).put(block).array();
    }

    /**
     * The body of a compressed one, or {@code null} when its length prefix is above the limit or its block does not
     * decompress to exactly that length.
     */
    public static byte[] unlz4(byte[] compressed, int limit) {
        ByteBuffer buffer = ByteBuffer.wrap(compressed);
        long length = buffer.getInt() & 0xFFFFFFFFL;
        if (length > limit) {
            return null;
        }
        byte[] body = new byte[(int) length];
        try {
            int written = LZ4Factory.safeInstance().safeDecompressor().decompress(compressed, 4,
                    compressed.length - 4, body, 0);
            return (written == length) ? body : null;
        }
        catch (LZ4Exception ex) {
            return null;
        }
    }

    /** A frame of a kind that carries only an id: cancel or a continuation. */
    public static byte[] withId(int kind, int id, byte[] rest) {
        return ByteBuffer.allocate(5 + rest.length).put((byte) kind).putInt(id).put(rest).array();
    }

    /** The session keys, as {@code okm} splits them. */
    public record Keys(byte[] clientToServerKey, byte[] serverToClientKey, byte[] clientToServerNonceBase,
            byte[] serverToClientNonceBase) {

        public Direction clientToServer() {
            return new Direction(this.clientToServerKey, this.clientToServerNonceBase);
        }

        public Direction serverToClient() {
            return new Direction(this.serverToClientKey, this.serverToClientNonceBase);
        }

    }

    /**
     * One direction of a session: its key, nonce base and frame counter.
     */
    public static final class Direction {

        private final byte[] key;

        private final byte[] nonceBase;

        private long counter;

        Direction(byte[] key, byte[] nonceBase) {
            this.key = key;
            this.nonceBase = nonceBase;
        }

        /** {@code nonce = nonce base XOR (0x00000000 ‖ counter: u64)}. */
        public static byte[] nonce(byte[] nonceBase, long counter) {
            byte[] nonce = nonceBase.clone();
            byte[] counterBytes = ByteBuffer.allocate(8).putLong(counter).array();
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] ^= counterBytes[i];
            }
            return nonce;
        }

        /** Seals a plaintext under the next counter: the whole frame {@code len: u32 ‖ ciphertext ‖ tag}. */
        public byte[] sealFrame(byte[] plaintext) {
            byte[] sealed = seal(this.key, nonce(this.nonceBase, this.counter++), new byte[0], plaintext);
            return ByteBuffer.allocate(4 + sealed.length).putInt(sealed.length).put(sealed).array();
        }

        /** Opens the sealed bytes of a frame (after its length) under the next counter, {@code null} if they do not. */
        public byte[] open(byte[] sealed) {
            return SpecSession.open(this.key, nonce(this.nonceBase, this.counter++), new byte[0], sealed);
        }

    }

}
