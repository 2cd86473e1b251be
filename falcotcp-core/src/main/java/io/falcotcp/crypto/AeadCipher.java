package io.falcotcp.crypto;

import java.nio.ByteBuffer;

/**
 * AES-256-GCM under one key, with a 96-bit nonce, a 128-bit tag and no associated data.
 * <p>
 * Instances keep cipher state and are not thread-safe: use one per connection (or per thread).
 */
public interface AeadCipher {

    /** Nonce length in bytes. */
    int NONCE_LENGTH = 12;

    /** Tag length in bytes. */
    int TAG_LENGTH = 16;

    /**
     * Encrypts the remaining bytes of {@code plaintext} and writes {@code ciphertext ‖ tag} to {@code out}.
     * Both buffers' positions advance. {@code out} must have {@code plaintext.remaining() + TAG_LENGTH} bytes
     * remaining; the two buffers must not overlap.
     * @param nonce the 12-byte nonce, never used twice with this key
     * @param plaintext the bytes to encrypt
     * @param out where the ciphertext and tag go
     * @throws IllegalArgumentException if {@code out} has too little room; nothing is written then
     */
    void encrypt(byte[] nonce, ByteBuffer plaintext, ByteBuffer out);

    /**
     * Decrypts the remaining bytes of {@code ciphertextAndTag} into {@code out}.
     * {@code out} must have {@code ciphertextAndTag.remaining() - TAG_LENGTH} bytes remaining.
     * @param nonce the 12-byte nonce the sender used
     * @param ciphertextAndTag the bytes to authenticate and decrypt (at least {@code TAG_LENGTH})
     * @param out where the plaintext goes; its content is unspecified when authentication fails
     * @return {@code true} when the tag verified, {@code false} otherwise
     * @throws IllegalArgumentException if {@code out} has too little room; nothing is written then
     */
    boolean decrypt(byte[] nonce, ByteBuffer ciphertextAndTag, ByteBuffer out);

}
