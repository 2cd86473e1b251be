package io.falcotcp.crypto;

/**
 * The AES-GCM implementations FalcoTCP can use; see {@code docs/benchmarks.md} for how they compare.
 */
public enum AeadEngine {

    /** The JDK's {@code AES/GCM/NoPadding}, which uses AES-NI and CLMUL intrinsics on x86-64. */
    JDK {
        @Override
        public AeadCipher newCipher(byte[] key) {
            return new JdkAesGcmCipher(key);
        }
    },

    /** BouncyCastle's lightweight {@code GCMBlockCipher} over {@code AESEngine}, in pure Java. */
    BOUNCY_CASTLE {
        @Override
        public AeadCipher newCipher(byte[] key) {
            return new BouncyCastleAesGcmCipher(key);
        }
    };

    /** The engine used when none is configured: the JDK's, many times faster on HotSpot (docs/benchmarks.md). */
    public static final AeadEngine DEFAULT = JDK;

    /**
     * Creates a cipher for one 32-byte key. The key bytes are copied.
     * @param key the AES-256 key
     * @return a new cipher, not thread-safe
     */
    public abstract AeadCipher newCipher(byte[] key);

}
