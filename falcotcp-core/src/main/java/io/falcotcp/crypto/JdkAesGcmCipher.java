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
 * The JDK runs AES-GCM on its AES-NI and carry-less-multiply intrinsics only for byte arrays: given a direct buffer
 * (which is what a Netty connection reads into and writes from) it goes through a much slower path, measured at 0.8
 * to 0.9 times the array speed on JDK 17 and 0.15 to 0.5 times on JDK 25 (see {@code docs/benchmarks.md}). So the
 * bytes of a direct buffer pass through a heap array of the thread, copied at memory speed, and the cipher always
 * works on arrays. The arrays grow to the largest message the thread has handled (at most the maximum frame size).
 * <p>
 * Each message is one {@code doFinal} call. Code the JIT compiled on small messages only runs the first large ones
 * many times slower; {@code CryptoWarmUp} compiles every size at start. Handing the JDK bounded chunks instead was
 * measured slower at the warm rate (and it cannot help decryption, which the JDK holds until the tag is checked),
 * see "Large messages and the JIT" in {@code docs/benchmarks.md}.
 */
final class JdkAesGcmCipher implements AeadCipher {

    private static final int TAG_BITS = TAG_LENGTH * Byte.SIZE;

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
     * Finishes the initialised cipher over the remaining bytes of {@code in} into {@code out}, on arrays.
     */
    private void run(ByteBuffer in, ByteBuffer out) throws GeneralSecurityException {
        int length = in.remaining();
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
     * The heap arrays one thread passes direct buffers through; each grows to the largest message it held.
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
