package io.falcotcp.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Random 96-bit nonces from a CSPRNG, with one generator per thread so that event loops never contend on a
 * shared lock (the JDK's default {@code NativePRNG} serialises every caller of the process on one lock).
 * <p>
 * Each thread owns a NIST SP 800-90A {@code DRBG} instance seeded from the operating system, and draws random
 * bytes from it in blocks to amortise the per-call cost over many nonces.
 */
public final class NonceSource {

    private static final int NONCES_PER_BLOCK = 256;

    private static final ThreadLocal<Block> BLOCKS = ThreadLocal.withInitial(Block::new);

    private NonceSource() {
    }

    /**
     * Fills {@code nonce[offset .. offset + 12)} with fresh random bytes.
     * @param nonce the destination
     * @param offset where the nonce starts
     */
    public static void next(byte[] nonce, int offset) {
        BLOCKS.get().next(nonce, offset);
    }

    private static final class Block {

        private final SecureRandom random = newDrbg();

        private final byte[] bytes = new byte[NONCES_PER_BLOCK * AeadCipher.NONCE_LENGTH];

        private int position = this.bytes.length;

        void next(byte[] nonce, int offset) {
            if (this.position == this.bytes.length) {
                this.random.nextBytes(this.bytes);
                this.position = 0;
            }
            System.arraycopy(this.bytes, this.position, nonce, offset, AeadCipher.NONCE_LENGTH);
            this.position += AeadCipher.NONCE_LENGTH;
        }

        private static SecureRandom newDrbg() {
            try {
                return SecureRandom.getInstance("DRBG");
            }
            catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException("the JDK has no DRBG SecureRandom", ex);
            }
        }

    }

}
