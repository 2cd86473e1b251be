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
 * 64 B and at 16 KiB on arrays, see {@code docs/benchmarks.md}).
 * <p>
 * Larger messages take the path of small ones only where that keeps the JIT's compiled code: HotSpot uses its AES
 * and GHASH intrinsics only in methods C2 has compiled, and compiles the JDK's GCM for the calls it has seen. On
 * JDK 17, direct buffers run through methods of their own ({@code GCTR.update(ByteBuffer, ByteBuffer)},
 * {@code GHASH.processBlocksDirect}) that only large messages reach: after small messages only, the first large
 * ones run GHASH in plain Java for seconds. There a large message is encrypted in {@value #ARRAY_PATH_LIMIT}-byte
 * {@code update} calls on the thread's arrays, and decrypted by one {@code doFinal} on a heap copy of it, through
 * the methods small messages compiled. Later JDKs (measured: 25) run direct buffers through the same intrinsic as
 * arrays, in 512-byte pieces, and one {@code doFinal} over a large array would leave those: there large messages go
 * to the JDK as the codecs hold them. See "Large messages and the JIT" in {@code docs/benchmarks.md}.
 */
final class JdkAesGcmCipher implements AeadCipher {

    private static final int TAG_BITS = TAG_LENGTH * Byte.SIZE;

    /** Largest input copied through the thread's heap arrays in one piece. */
    private static final int ARRAY_PATH_LIMIT = 32 * 1024;

    /** Whether this JDK's GCM runs direct buffers through methods small messages on arrays do not compile. */
    private static final boolean LARGE_MESSAGES_ON_HEAP = Runtime.version().feature() <= 17;

    private static final int BLOCK_LENGTH = 16;

    private static final ThreadLocal<Scratch> scratches = ThreadLocal.withInitial(Scratch::new);

    private final SecretKeySpec key;

    private final Cipher cipher;

    private final int arrayPathLimit;

    private final boolean largeMessagesOnHeap;

    JdkAesGcmCipher(byte[] key) {
        this(key, ARRAY_PATH_LIMIT, LARGE_MESSAGES_ON_HEAP);
    }

    /**
     * Creates a cipher with its own split between the paths.
     * @param key the AES-256 key
     * @param arrayPathLimit largest input copied through the thread's arrays in one piece, a multiple of 16
     * @param largeMessagesOnHeap whether larger inputs go through arrays too, in pieces of that size
     */
    JdkAesGcmCipher(byte[] key, int arrayPathLimit, boolean largeMessagesOnHeap) {
        KeyLengths.check(key);
        if (arrayPathLimit <= 0 || arrayPathLimit % BLOCK_LENGTH != 0) {
            throw new IllegalArgumentException("the array path limit must be a positive multiple of " + BLOCK_LENGTH
                    + ", not " + arrayPathLimit);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.arrayPathLimit = arrayPathLimit;
        this.largeMessagesOnHeap = largeMessagesOnHeap;
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
            if (inPieces(plaintext, out)) {
                encryptInPieces(plaintext, out);
            }
            else {
                run(plaintext, out);
            }
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
            if (inPieces(ciphertextAndTag, out)) {
                decryptOnHeap(ciphertextAndTag, out);
            }
            else {
                run(ciphertextAndTag, out);
            }
            return true;
        }
        catch (AEADBadTagException ex) {
            return false;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM decryption failed", ex);
        }
    }

    private boolean inPieces(ByteBuffer in, ByteBuffer out) {
        return this.largeMessagesOnHeap && in.remaining() > this.arrayPathLimit && !bothOnHeap(in, out);
    }

    /**
     * Finishes the initialised cipher over the remaining bytes of {@code in} into {@code out}: on arrays for
     * messages up to the array path limit, on the buffers as they are beyond it or when both are arrays.
     */
    private void run(ByteBuffer in, ByteBuffer out) throws GeneralSecurityException {
        int length = in.remaining();
        if (length > this.arrayPathLimit || bothOnHeap(in, out)) {
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
     * Encrypts in {@code update} calls of the array path limit, then a {@code doFinal}, from the plaintext's own
     * array or a copy on the thread's, to the thread's arrays: as the limit is a multiple of the block size, each
     * call writes all it is given.
     */
    private void encryptInPieces(ByteBuffer in, ByteBuffer out) throws GeneralSecurityException {
        Scratch scratch = scratches.get();
        byte[] output = scratch.output(this.arrayPathLimit + TAG_LENGTH);
        while (in.hasRemaining()) {
            int length = Math.min(in.remaining(), this.arrayPathLimit);
            byte[] input;
            int inputOffset;
            if (in.hasArray()) {
                input = in.array();
                inputOffset = in.arrayOffset() + in.position();
                in.position(in.position() + length);
            }
            else {
                input = scratch.input(length);
                inputOffset = 0;
                in.get(input, 0, length);
            }
            int written = in.hasRemaining() ? this.cipher.update(input, inputOffset, length, output, 0)
                    : this.cipher.doFinal(input, inputOffset, length, output, 0);
            out.put(output, 0, written);
        }
    }

    /**
     * Decrypts with one {@code doFinal} on a heap copy of the input: the JDK keeps all of a decryption's input
     * until {@code doFinal} (it releases no plaintext before the tag is checked), so it does not go in pieces. The
     * copy belongs to this message (never a thread's: it is as large as the message) and is decrypted in place
     * when {@code out} is not on the heap.
     */
    private void decryptOnHeap(ByteBuffer in, ByteBuffer out) throws GeneralSecurityException {
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        if (out.hasArray()) {
            int outputOffset = out.arrayOffset() + out.position();
            int written = this.cipher.doFinal(sealed, 0, sealed.length, out.array(), outputOffset);
            out.position(out.position() + written);
        }
        else {
            int written = this.cipher.doFinal(sealed, 0, sealed.length, sealed, 0);
            out.put(sealed, 0, written);
        }
    }

    private static boolean bothOnHeap(ByteBuffer in, ByteBuffer out) {
        return in.hasArray() && out.hasArray();
    }

    /**
     * The heap arrays one thread passes direct buffers through; each grows to the largest piece it held, at most
     * the array path limit and a tag.
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
