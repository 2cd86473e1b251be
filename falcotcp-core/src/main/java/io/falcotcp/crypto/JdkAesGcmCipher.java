package io.falcotcp.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link AeadCipher} on the JDK's {@code AES/GCM/NoPadding}.
 */
final class JdkAesGcmCipher implements AeadCipher {

    private static final int TAG_BITS = TAG_LENGTH * Byte.SIZE;

    private final SecretKeySpec key;

    private final Cipher cipher;

    JdkAesGcmCipher(byte[] key) {
        KeyLengths.check(key);
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available in this JDK", ex);
        }
    }

    @Override
    public void encrypt(byte[] nonce, byte[] associatedData, ByteBuffer plaintext, ByteBuffer out) {
        OutputSpace.check(out, plaintext.remaining() + TAG_LENGTH);
        try {
            this.cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
            if (associatedData.length > 0) {
                this.cipher.updateAAD(associatedData);
            }
            this.cipher.doFinal(plaintext, out);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM encryption failed", ex);
        }
    }

    @Override
    public boolean decrypt(byte[] nonce, byte[] associatedData, ByteBuffer ciphertextAndTag, ByteBuffer out) {
        if (ciphertextAndTag.remaining() < TAG_LENGTH) {
            return false;
        }
        OutputSpace.check(out, ciphertextAndTag.remaining() - TAG_LENGTH);
        try {
            this.cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
            if (associatedData.length > 0) {
                this.cipher.updateAAD(associatedData);
            }
            this.cipher.doFinal(ciphertextAndTag, out);
            return true;
        }
        catch (AEADBadTagException ex) {
            return false;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM decryption failed", ex);
        }
    }

}
