package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

import io.falcotcp.crypto.AeadCipher;
import io.falcotcp.crypto.NonceSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.jspecify.annotations.Nullable;

/**
 * Seals and opens v1 payloads, {@code nonce[12] ‖ ciphertext ‖ tag[16]} with a fresh random nonce per seal,
 * straight between Netty buffers and byte arrays without intermediate copies.
 * <p>
 * Not thread-safe: one instance serves one thread (a server shares one per key among the connections of an event
 * loop).
 */
public final class PayloadCipher {

    private static final int MAX_PLAINTEXT_LENGTH = Integer.MAX_VALUE - ProtocolV1.SEAL_OVERHEAD;

    private final AeadCipher cipher;

    private final byte[] nonce = new byte[ProtocolV1.NONCE_LENGTH];

    /**
     * Creates a payload cipher.
     * @param cipher the AEAD cipher under the key
     */
    public PayloadCipher(AeadCipher cipher) {
        this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
    }

    /**
     * Appends the sealed form of {@code plaintext} to {@code out}: {@code nonce ‖ ciphertext ‖ tag}.
     * If sealing fails, the writer index of {@code out} does not move.
     * @param plaintext the bytes to seal; its position advances to its limit
     * @param out the buffer to write to; it grows as needed
     */
    public void seal(ByteBuffer plaintext, ByteBuf out) {
        int ciphertextLength = sealedLength(plaintext.remaining()) - ProtocolV1.NONCE_LENGTH;
        out.ensureWritable(ProtocolV1.NONCE_LENGTH + ciphertextLength);
        NonceSource.next(this.nonce, 0);
        int start = out.writerIndex();
        int ciphertextIndex = start + ProtocolV1.NONCE_LENGTH;
        out.setBytes(start, this.nonce);
        if (out.nioBufferCount() == 1) {
            this.cipher.encrypt(this.nonce, plaintext, out.internalNioBuffer(ciphertextIndex, ciphertextLength));
        }
        else {
            // a buffer made of several components (never the allocator's own buffers) cannot be one cipher target
            ByteBuffer scratch = ByteBuffer.allocate(ciphertextLength);
            this.cipher.encrypt(this.nonce, plaintext, scratch);
            out.setBytes(ciphertextIndex, scratch.flip());
        }
        out.writerIndex(ciphertextIndex + ciphertextLength);
    }

    /**
     * Appends {@code len: u64 big-endian ‖ nonce ‖ ciphertext ‖ tag} of {@code plaintext} to {@code out}: the body
     * of a v1 message frame after its type byte, and a whole v1 response.
     * @param plaintext the bytes to seal; its position advances to its limit
     * @param out the buffer to write to; it grows as needed
     */
    public void sealLengthPrefixed(ByteBuffer plaintext, ByteBuf out) {
        int sealedLength = sealedLength(plaintext.remaining());
        out.ensureWritable(ProtocolV1.LENGTH_PREFIX + sealedLength);
        out.writeLong(sealedLength);
        seal(plaintext, out);
    }

    /**
     * Opens a sealed payload: the readable bytes of {@code sealed} are {@code nonce ‖ ciphertext ‖ tag}.
     * The reader index of {@code sealed} does not move.
     * @param sealed the sealed payload
     * @return the plaintext, or {@code null} when the payload is shorter than 28 bytes or does not authenticate
     */
    public byte @Nullable [] open(ByteBuf sealed) {
        int length = sealed.readableBytes();
        if (length < ProtocolV1.SEAL_OVERHEAD) {
            return null;
        }
        int index = sealed.readerIndex();
        sealed.getBytes(index, this.nonce);
        byte[] plaintext = new byte[length - ProtocolV1.SEAL_OVERHEAD];
        int ciphertextIndex = index + ProtocolV1.NONCE_LENGTH;
        int ciphertextLength = length - ProtocolV1.NONCE_LENGTH;
        // the internal view is not retained past this call, which is what makes it safe to use without a copy
        ByteBuffer source = (sealed.nioBufferCount() == 1)
                ? sealed.internalNioBuffer(ciphertextIndex, ciphertextLength)
                : ByteBuffer.wrap(ByteBufUtil.getBytes(sealed, ciphertextIndex, ciphertextLength, false));
        return this.cipher.decrypt(this.nonce, source, ByteBuffer.wrap(plaintext)) ? plaintext : null;
    }

    /**
     * Length of the sealed form of a plaintext.
     * @param plaintextLength the plaintext length
     * @return {@code plaintextLength + 28}
     * @throws IllegalArgumentException if the sealed form would not fit in an {@code int}
     */
    public static int sealedLength(int plaintextLength) {
        if (plaintextLength < 0 || plaintextLength > MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("a plaintext of " + plaintextLength + " bytes cannot be sealed");
        }
        return plaintextLength + ProtocolV1.SEAL_OVERHEAD;
    }

}
