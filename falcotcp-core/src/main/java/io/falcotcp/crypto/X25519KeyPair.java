package io.falcotcp.crypto;

import java.security.SecureRandom;

import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.jspecify.annotations.Nullable;

/**
 * An ephemeral X25519 key pair (RFC 7748) for one session handshake, on BouncyCastle's raw 32-byte encoding.
 */
public final class X25519KeyPair {

    /** Length of a public key and of a shared secret. */
    public static final int LENGTH = 32;

    private static final SecureRandom random = new SecureRandom();

    private final X25519PrivateKeyParameters privateKey;

    private final byte[] publicKey;

    // package-private so that the known-answer and Wycheproof tests can use fixed private keys
    X25519KeyPair(X25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
    }

    /**
     * Generates a fresh key pair from a CSPRNG.
     * @return the key pair
     */
    public static X25519KeyPair generate() {
        return new X25519KeyPair(new X25519PrivateKeyParameters(random));
    }

    /**
     * The public key to send to the peer.
     * @return a copy of the 32-byte public key
     */
    public byte[] publicKey() {
        return this.publicKey.clone();
    }

    /**
     * Computes the shared secret with the peer's public key.
     * @param peerPublicKey the peer's 32-byte public key
     * @return the 32-byte shared secret, or {@code null} when the peer's key is a low-order point (all-zero result)
     */
    public byte @Nullable [] agree(byte[] peerPublicKey) {
        if (peerPublicKey.length != LENGTH) {
            return null;
        }
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(this.privateKey);
        byte[] shared = new byte[LENGTH];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(peerPublicKey, 0), shared, 0);
        }
        catch (IllegalStateException ex) {
            return null;
        }
        return shared;
    }

}
