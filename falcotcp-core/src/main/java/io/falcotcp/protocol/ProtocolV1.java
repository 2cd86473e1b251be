package io.falcotcp.protocol;

/**
 * Wire constants of FalcoTCP protocol v1 (see {@code docs/protocol.md}).
 */
public final class ProtocolV1 {

    /** Request type of the connection-establishment (auth) frame. */
    public static final byte TYPE_AUTH = 0x00;

    /** Request type of an encrypted message frame. */
    public static final byte TYPE_MESSAGE = 0x01;

    /** Request type of a ping: no payload, no response. */
    public static final byte TYPE_PING = 0x02;

    /** Byte the server writes when the auth frame decrypted. */
    public static final byte ACK_ACCEPTED = (byte) 0xFF;

    /** Byte FalcoTCP-Py writes before closing on a failed auth; our server closes without it. */
    public static final byte ACK_REJECTED = 0x00;

    /** AES-GCM nonce length. */
    public static final int NONCE_LENGTH = 12;

    /** AES-GCM tag length. */
    public static final int TAG_LENGTH = 16;

    /** Bytes a sealed payload adds to its plaintext: nonce and tag. */
    public static final int SEAL_OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

    /** Plaintext length of the auth frame: 128 random bytes. */
    public static final int AUTH_PLAINTEXT_LENGTH = 128;

    /** Sealed part of the auth frame: {@code nonce ‖ ciphertext ‖ tag}. */
    public static final int AUTH_SEALED_LENGTH = AUTH_PLAINTEXT_LENGTH + SEAL_OVERHEAD;

    /** Whole auth frame on the wire, type byte included: 157 bytes. */
    public static final int AUTH_FRAME_LENGTH = 1 + AUTH_SEALED_LENGTH;

    /** Length prefix of message frames and responses: u64 big-endian. */
    public static final int LENGTH_PREFIX = Long.BYTES;

    /** Default maximum sealed length of a message frame: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

    private ProtocolV1() {
    }

}
