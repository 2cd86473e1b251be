package io.falcotcp.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Derives the session keys (see "Key schedule" in {@code docs/protocol.md}): HKDF-SHA256 over the pre-shared key
 * and the X25519 shared secret, salted with both randoms, bound to the handshake transcript.
 */
public final class SessionKeySchedule {

    private static final String LABEL_PREFIX = "FalcoTCP session v";

    private static final int NONCE_BASE_LENGTH = AeadCipher.NONCE_LENGTH;

    private static final int OUTPUT_LENGTH = 2 * FalcoKey.LENGTH + 2 * NONCE_BASE_LENGTH;

    private SessionKeySchedule() {
    }

    /**
     * Derives the keys of a session.
     * @param version the session version, whose number is part of the HKDF info
     * @param psk the pre-shared key the auth frame opened with
     * @param sharedSecret the X25519 shared secret
     * @param clientRandom the client's 32-byte random
     * @param serverRandom the server's 32-byte random
     * @param transcript {@code SHA-256(auth frame ‖ server reply)}
     * @return the keys; the intermediate secrets are wiped
     */
    public static SessionKeys derive(int version, FalcoKey psk, byte[] sharedSecret, byte[] clientRandom,
            byte[] serverRandom, byte[] transcript) {
        byte[] label = (LABEL_PREFIX + version).getBytes(StandardCharsets.US_ASCII);
        byte[] pskBytes = psk.toByteArray();
        byte[] ikm = concat(pskBytes, sharedSecret);
        byte[] okm = new byte[OUTPUT_LENGTH];
        try {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(ikm, concat(clientRandom, serverRandom), concat(label, transcript)));
            hkdf.generateBytes(okm, 0, OUTPUT_LENGTH);
            int keys = 2 * FalcoKey.LENGTH;
            return new SessionKeys(Arrays.copyOfRange(okm, 0, FalcoKey.LENGTH),
                    Arrays.copyOfRange(okm, FalcoKey.LENGTH, keys),
                    Arrays.copyOfRange(okm, keys, keys + NONCE_BASE_LENGTH),
                    Arrays.copyOfRange(okm, keys + NONCE_BASE_LENGTH, OUTPUT_LENGTH));
        }
        finally {
            Arrays.fill(pskBytes, (byte) 0);
            Arrays.fill(ikm, (byte) 0);
            Arrays.fill(okm, (byte) 0);
        }
    }

    /**
     * SHA-256 of the concatenation of some byte arrays.
     * @param parts the arrays, hashed in order
     * @return the 32-byte digest
     */
    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", ex);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }

}
