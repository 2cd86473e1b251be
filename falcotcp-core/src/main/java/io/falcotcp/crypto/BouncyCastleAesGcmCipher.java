package io.falcotcp.crypto;

import java.nio.ByteBuffer;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.jspecify.annotations.Nullable;

/**
 * {@link AeadCipher} on BouncyCastle's lightweight AES-GCM ({@code GCMBlockCipher} over {@code AESEngine}).
 */
final class BouncyCastleAesGcmCipher implements AeadCipher {

    private static final int TAG_BITS = TAG_LENGTH * Byte.SIZE;

    private static final int BLOCK_LENGTH = 16;

    private static final int CHUNK_LENGTH = 4096;

    // processBytes emits whole blocks and, when decrypting, holds back a tag's worth of bytes, so one call can
    // release up to a block plus a tag more than it was given
    private static final int CHUNK_OUTPUT_LENGTH = CHUNK_LENGTH + BLOCK_LENGTH + TAG_LENGTH;

    private final GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());

    // Only the first init needs the key: initialised with a null key, BouncyCastle keeps the expanded key and the
    // GHASH tables of the last one, which saves the key schedule and the 4 KiB table set-up on every message.
    private @Nullable KeyParameter key;

    // BouncyCastle works on byte arrays only, so bytes of a direct (or read-only) buffer must pass through a heap
    // array. One array per instance, filled chunk by chunk, avoids garbage per message and bounds the memory of a
    // connection whatever the message size; it is allocated on first use so heap-only users never pay for it.
    private byte @Nullable [] scratch;

    BouncyCastleAesGcmCipher(byte[] key) {
        KeyLengths.check(key);
        this.key = new KeyParameter(key);
    }

    @Override
    public void encrypt(byte[] nonce, byte[] associatedData, ByteBuffer plaintext, ByteBuffer out) {
        OutputSpace.check(out, plaintext.remaining() + TAG_LENGTH);
        init(true, nonce, associatedData);
        try {
            process(plaintext, out);
        }
        catch (InvalidCipherTextException ex) {
            throw new IllegalStateException("AES-GCM encryption failed", ex);
        }
    }

    @Override
    public boolean decrypt(byte[] nonce, byte[] associatedData, ByteBuffer ciphertextAndTag, ByteBuffer out) {
        if (ciphertextAndTag.remaining() < TAG_LENGTH) {
            return false;
        }
        OutputSpace.check(out, ciphertextAndTag.remaining() - TAG_LENGTH);
        init(false, nonce, associatedData);
        try {
            process(ciphertextAndTag, out);
            return true;
        }
        catch (InvalidCipherTextException ex) {
            return false;
        }
    }

    private void init(boolean forEncryption, byte[] nonce, byte[] associatedData) {
        try {
            this.cipher.init(forEncryption, new AEADParameters(this.key, TAG_BITS, nonce,
                    (associatedData.length > 0) ? associatedData : null));
        }
        catch (IllegalArgumentException ex) {
            // BouncyCastle refuses to encrypt twice in a row under the same nonce, as it should
            throw new IllegalStateException("AES-GCM initialisation failed: " + ex.getMessage(), ex);
        }
        this.key = null;
    }

    // callers have checked that out has room: BouncyCastle bounds writes by the array, not by the buffer's limit
    private void process(ByteBuffer in, ByteBuffer out) throws InvalidCipherTextException {
        if (in.hasArray() && out.hasArray()) {
            int inOffset = in.arrayOffset() + in.position();
            int outOffset = out.arrayOffset() + out.position();
            int written = this.cipher.processBytes(in.array(), inOffset, in.remaining(), out.array(), outOffset);
            written += this.cipher.doFinal(out.array(), outOffset + written);
            in.position(in.limit());
            out.position(out.position() + written);
            return;
        }
        byte[] buffer = scratch();
        while (in.hasRemaining()) {
            int length = Math.min(in.remaining(), CHUNK_LENGTH);
            int written;
            if (in.hasArray()) {
                written = this.cipher.processBytes(in.array(), in.arrayOffset() + in.position(), length,
                        buffer, CHUNK_LENGTH);
                in.position(in.position() + length);
            }
            else {
                in.get(buffer, 0, length);
                written = this.cipher.processBytes(buffer, 0, length, buffer, CHUNK_LENGTH);
            }
            out.put(buffer, CHUNK_LENGTH, written);
        }
        int written = this.cipher.doFinal(buffer, CHUNK_LENGTH);
        out.put(buffer, CHUNK_LENGTH, written);
    }

    private byte[] scratch() {
        byte[] buffer = this.scratch;
        if (buffer == null) {
            buffer = new byte[CHUNK_LENGTH + CHUNK_OUTPUT_LENGTH];
            this.scratch = buffer;
        }
        return buffer;
    }

}
