package io.falcotcp.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link AeadCipher} on the JDK's {@code AES/GCM/NoPadding}.
 * <p>
 * For messages up to {@value #ARRAY_PATH_LIMIT} bytes, the bytes of a direct buffer (what a Netty connection
 * reads into and writes from) pass through a heap array of the thread, copied at memory speed, so that the JDK
 * works on arrays: its direct-buffer path costs more per message there (JMH: 1.2 to 1.4 times the operations at
 * 64 B and at 16 KiB on arrays, see {@code docs/benchmarks.md}). Larger messages go to the JDK as they are: one
 * {@code doFinal} over a large array runs at interpreter speed for seconds in a JVM that has not compiled that path
 * yet (measured at 13-15 MB/s for the first 6 s of a server whose first requests were large, even after the crypto
 * warm-up), where the JDK's own direct-buffer path, which works through the message in pieces, is compiled within
 * the first requests.
 */
final class JdkAesGcmCipher implements AeadCipher {

    private static final int TAG_BITS = TAG_LENGTH * Byte.SIZE;

    /** Largest input copied through the thread's heap arrays; larger ones go to the JDK as they are. */
    private static final int ARRAY_PATH_LIMIT = 32 * 1024;

    private static final ThreadLocal<Scratch> scratches = ThreadLocal.withInitial(Scratch::new);

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
            run(plaintext, out);
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
            run(ciphertextAndTag, out);
            return true;
        }
        catch (AEADBadTagException ex) {
            return false;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM decryption failed", ex);
        }
    }

    /**
     * Finishes the initialised cipher over the remaining bytes of {@code in} into {@code out}: on arrays for
     * messages up to {@link #ARRAY_PATH_LIMIT}, on the buffers as they are beyond it or when both are arrays.
     */
    private void run(ByteBuffer in, ByteBuffer out) throws GeneralSecurityException {
        int length = in.remaining();
        if (length > ARRAY_PATH_LIMIT || (in.hasArray() && out.hasArray())) {
            this.cipher.doFinal(in, out);
            return;
        }
        Scratch scratch = null;
        byte[] input;
        int inputOffset;
        if (in.hasArray()) {
            input = in.array();
            inputOffset = in.arrayOffset() + in.position();
        }
        else {
            scratch = scratches.get();
            input = scratch.input(length);
            inputOffset = 0;
            in.duplicate().get(input, 0, length);
        }
        byte[] output;
        int outputOffset;
        if (out.hasArray()) {
            output = out.array();
            outputOffset = out.arrayOffset() + out.position();
        }
        else {
            if (scratch == null) {
                scratch = scratches.get();
            }
            output = scratch.output(length + TAG_LENGTH);
            outputOffset = 0;
        }
        int written = this.cipher.doFinal(input, inputOffset, length, output, outputOffset);
        if (out.hasArray()) {
            out.position(out.position() + written);
        }
        else {
            out.put(output, 0, written);
        }
        in.position(in.limit());
    }

    /**
     * The heap arrays one thread passes direct buffers through; each grows to the largest message it held, at most
     * {@link #ARRAY_PATH_LIMIT} and a tag.
     */
    private static final class Scratch {

        private byte[] input = new byte[0];

        private byte[] output = new byte[0];

        byte[] input(int length) {
            if (this.input.length < length) {
                this.input = new byte[length];
            }
            return this.input;
        }

        byte[] output(int length) {
            if (this.output.length < length) {
                this.output = new byte[length];
            }
            return this.output;
        }

    }

}
