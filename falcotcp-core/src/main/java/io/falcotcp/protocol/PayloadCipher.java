package io.falcotcp.protocol;

import java.nio.ByteBuffer;

import io.falcotcp.crypto.AeadCipher;
import io.falcotcp.crypto.NonceSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.jspecify.annotations.Nullable;

/**
 * Seals and opens v1 payloads, {@code nonce[12] ‖ ciphertext ‖ tag[16]} with a fresh random nonce per seal,
 * straight between Netty buffers and byte arrays without intermediate copies.
 * <p>
 * One instance per connection: it is not thread-safe.
 */
public final class PayloadCipher {

    private final AeadCipher cipher;

    private final byte[] nonce = new byte[ProtocolV1.NONCE_LENGTH];

    /**
     * Creates a payload cipher.
     * @param cipher the AEAD cipher under the connection's key
     */
    public PayloadCipher(AeadCipher cipher) {
        this.cipher = cipher;
    }

    /**
     * Appends the sealed form of {@code plaintext} to {@code out}: {@code nonce ‖ ciphertext ‖ tag}.
     * @param plaintext the bytes to seal; its position advances to its limit
     * @param out the buffer to write to; it grows as needed
     */
    public void seal(ByteBuffer plaintext, ByteBuf out) {
        int sealedLength = sealedLength(plaintext.remaining());
        out.ensureWritable(sealedLength);
        NonceSource.next(this.nonce, 0);
        out.writeBytes(this.nonce);
        int start = out.writerIndex();
        int ciphertextLength = sealedLength - ProtocolV1.NONCE_LENGTH;
        ByteBuffer target = out.nioBufferCount() == 1 ? out.internalNioBuffer(start, ciphertextLength) : null;
        if (target != null) {
            this.cipher.encrypt(this.nonce, plaintext, target);
        }
        else {
            ByteBuffer scratch = ByteBuffer.allocate(ciphertextLength);
            this.cipher.encrypt(this.nonce, plaintext, scratch);
            out.setBytes(start, scratch.flip());
        }
        out.writerIndex(start + ciphertextLength);
    }

    /**
     * Appends {@code len: u64 big-endian ‖ nonce ‖ ciphertext ‖ tag} of {@code plaintext} to {@code out}: the body
     * of a v1 message frame after its type byte, and a whole v1 response.
     * @param plaintext the bytes to seal; its position advances to its limit
     * @param out the buffer to write to; it grows as needed
     */
    public void sealLengthPrefixed(ByteBuffer plaintext, ByteBuf out) {
        out.writeLong(sealedLength(plaintext.remaining()));
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
        ByteBuffer source = sealed.nioBufferCount() == 1 ? sealed.nioBuffer(ciphertextIndex, ciphertextLength)
                : ByteBuffer.wrap(ByteBufUtil.getBytes(sealed, ciphertextIndex, ciphertextLength));
        return this.cipher.decrypt(this.nonce, source, ByteBuffer.wrap(plaintext)) ? plaintext : null;
    }

    /**
     * Length of the sealed form of a plaintext.
     * @param plaintextLength the plaintext length
     * @return {@code plaintextLength + 28}
     */
    public static int sealedLength(int plaintextLength) {
        return plaintextLength + ProtocolV1.SEAL_OVERHEAD;
    }

}
