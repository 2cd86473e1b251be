package io.falcotcp.crypto;

import java.nio.ByteBuffer;

/**
 * AES-256-GCM under one key, with a 96-bit nonce and a 128-bit tag; v1 and session frames carry no associated
 * data, the session handshake reply does (domain separation, see {@code docs/protocol.md}).
 * <p>
 * Instances keep cipher state and are not thread-safe: use one per connection (or per thread).
 */
public interface AeadCipher {

    /** Nonce length in bytes. */
    int NONCE_LENGTH = 12;

    /** Tag length in bytes. */
    int TAG_LENGTH = 16;

    /** Associated data of a message that has none. */
    byte[] NO_ASSOCIATED_DATA = new byte[0];

    /**
     * Encrypts the remaining bytes of {@code plaintext} and writes {@code ciphertext ‖ tag} to {@code out}.
     * Both buffers' positions advance. {@code out} must have {@code plaintext.remaining() + TAG_LENGTH} bytes
     * remaining; the two buffers must not overlap.
     * @param nonce the 12-byte nonce, never used twice with this key
     * @param plaintext the bytes to encrypt
     * @param out where the ciphertext and tag go
     * @throws IllegalArgumentException if {@code out} has too little room; nothing is written then
     */
    default void encrypt(byte[] nonce, ByteBuffer plaintext, ByteBuffer out) {
        encrypt(nonce, NO_ASSOCIATED_DATA, plaintext, out);
    }

    /**
     * Encrypts as {@link #encrypt(byte[], ByteBuffer, ByteBuffer)} does, authenticating {@code associatedData} too.
     * @param nonce the 12-byte nonce, never used twice with this key
     * @param associatedData bytes authenticated but not encrypted; the receiver must give the same
     * @param plaintext the bytes to encrypt
     * @param out where the ciphertext and tag go
     * @throws IllegalArgumentException if {@code out} has too little room; nothing is written then
     */
    void encrypt(byte[] nonce, byte[] associatedData, ByteBuffer plaintext, ByteBuffer out);

    /**
     * Decrypts the remaining bytes of {@code ciphertextAndTag} into {@code out}.
     * {@code out} must have {@code ciphertextAndTag.remaining() - TAG_LENGTH} bytes remaining.
     * @param nonce the 12-byte nonce the sender used
     * @param ciphertextAndTag the bytes to authenticate and decrypt (at least {@code TAG_LENGTH})
     * @param out where the plaintext goes; its content is unspecified when authentication fails
     * @return {@code true} when the tag verified, {@code false} otherwise
     * @throws IllegalArgumentException if {@code out} has too little room; nothing is written then
     */
    default boolean decrypt(byte[] nonce, ByteBuffer ciphertextAndTag, ByteBuffer out) {
        return decrypt(nonce, NO_ASSOCIATED_DATA, ciphertextAndTag, out);
    }

    /**
     * Decrypts as {@link #decrypt(byte[], ByteBuffer, ByteBuffer)} does, with associated data.
     * @param nonce the 12-byte nonce the sender used
     * @param associatedData the associated data the sender authenticated
     * @param ciphertextAndTag the bytes to authenticate and decrypt (at least {@code TAG_LENGTH})
     * @param out where the plaintext goes; its content is unspecified when authentication fails
     * @return {@code true} when the tag verified, {@code false} otherwise
     * @throws IllegalArgumentException if {@code out} has too little room; nothing is written then
     */
    boolean decrypt(byte[] nonce, byte[] associatedData, ByteBuffer ciphertextAndTag, ByteBuffer out);

}
