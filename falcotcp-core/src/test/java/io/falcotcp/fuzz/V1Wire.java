package io.falcotcp.fuzz;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Random;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Protocol v1 frames written byte by byte from the protocol document, sealed with the JDK's AES/GCM: nothing of
 * the production codecs or ciphers, so that a bug they share cannot hide.
 */
final class V1Wire {

    static final int NONCE = 12;

    static final int TAG = 16;

    static final int SEAL_OVERHEAD = NONCE + TAG;

    static final int AUTH_FRAME_LENGTH = 1 + 128 + SEAL_OVERHEAD;

    static final byte TYPE_AUTH = 0x00;

    static final byte TYPE_MESSAGE = 0x01;

    static final byte TYPE_PING = 0x02;

    static final int MESSAGE_HEADER = 1 + Long.BYTES;

    private V1Wire() {
    }

    /** {@code nonce[12] ‖ ciphertext ‖ tag[16]} under a nonce drawn from {@code random}. */
    static byte[] seal(byte[] key, byte[] plaintext, Random random) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] sealed = new byte[NONCE + plaintext.length + TAG];
        System.arraycopy(nonce, 0, sealed, 0, NONCE);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, nonce));
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE);
            return sealed;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The plaintext of {@code nonce ‖ ciphertext ‖ tag}, or {@code null} when it does not authenticate. */
    static byte @Nullable [] open(byte[] key, byte[] sealed) {
        if (sealed.length < SEAL_OVERHEAD) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG * 8, sealed, 0, NONCE));
            return cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
        }
        catch (AEADBadTagException ex) {
            return null;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** {@code 0x00 ‖ seal(128 random bytes)}: 157 bytes. */
    static byte[] authFrame(byte[] key, Random random) {
        byte[] challenge = new byte[128];
        random.nextBytes(challenge);
        return concat(new byte[] { TYPE_AUTH }, seal(key, challenge, random));
    }

    /** {@code 0x01 ‖ u64 len ‖ seal(plaintext)}. */
    static byte[] message(byte[] key, byte[] plaintext, Random random) {
        byte[] sealed = seal(key, plaintext, random);
        return messageOf(sealed.length, sealed);
    }

    /** {@code 0x01 ‖ u64 length ‖ body}, whatever the body's real length. */
    static byte[] messageOf(long length, byte[] body) {
        return ByteBuffer.allocate(MESSAGE_HEADER + body.length).put(TYPE_MESSAGE).putLong(length).put(body).array();
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

}
