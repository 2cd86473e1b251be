package io.falcotcp.protocol;

import java.nio.ByteBuffer;

import io.falcotcp.crypto.AeadCipher;
import io.falcotcp.crypto.AeadEngine;
import io.netty.buffer.ByteBuf;

/**
 * Seals or opens the session frames of one direction with counter nonces: {@code nonce = base XOR counter}, the
 * counter starting at 0 and advancing once per frame. An opener accepts only the next counter, so a frame that is
 * replayed, reordered or missing fails to open; after a failure it refuses everything, as the stream is broken.
 * <p>
 * One instance per direction and connection: it is not thread-safe.
 */
public final class SessionCipher {

    /** Frames per direction after which the connection must be closed rather than reuse a nonce. */
    public static final long COUNTER_LIMIT = Long.MAX_VALUE;

    private final AeadCipher cipher;

    private final byte[] nonceBase;

    private final byte[] nonce = new byte[ProtocolV1.NONCE_LENGTH];

    private long counter;

    private boolean broken;

    /**
     * Creates the cipher of one direction.
     * @param engine the AES-GCM implementation
     * @param key the direction's 32-byte key
     * @param nonceBase the direction's 12-byte nonce base
     */
    public SessionCipher(AeadEngine engine, byte[] key, byte[] nonceBase) {
        this(engine, key, nonceBase, 0);
    }

    SessionCipher(AeadEngine engine, byte[] key, byte[] nonceBase, long firstCounter) {
        if (nonceBase.length != ProtocolV1.NONCE_LENGTH) {
            throw new IllegalArgumentException("a nonce base has " + ProtocolV1.NONCE_LENGTH + " bytes");
        }
        this.cipher = engine.newCipher(key);
        this.nonceBase = nonceBase.clone();
        this.counter = firstCounter;
    }

    /**
     * Appends {@code ciphertext ‖ tag} of {@code plaintext} to {@code out} under the next counter.
     * @param plaintext the bytes to seal; its position advances to its limit
     * @param out the buffer to write to; it grows as needed
     * @throws SessionProtocolException when the counter is exhausted: the connection must be closed
     */
    public void seal(ByteBuffer plaintext, ByteBuf out) {
        int length = plaintext.remaining() + ProtocolV1.TAG_LENGTH;
        nextNonce();
        out.ensureWritable(length);
        int start = out.writerIndex();
        if (out.nioBufferCount() == 1) {
            this.cipher.encrypt(this.nonce, plaintext, out.internalNioBuffer(start, length));
        }
        else {
            ByteBuffer scratch = ByteBuffer.allocate(length);
            this.cipher.encrypt(this.nonce, plaintext, scratch);
            out.setBytes(start, scratch.flip());
        }
        out.writerIndex(start + length);
    }

    /**
     * Opens {@code ciphertext ‖ tag} (the readable bytes of {@code sealed}) under the next counter into
     * {@code out}, which must have room for the plaintext.
     * @param sealed the sealed bytes; the reader index does not move
     * @param out the plaintext buffer; its writer index advances by the plaintext length on success
     * @return {@code true} when the frame opened; {@code false} otherwise, and for every later frame
     */
    public boolean open(ByteBuf sealed, ByteBuf out) {
        int length = sealed.readableBytes();
        if (this.broken || length < ProtocolV1.TAG_LENGTH || this.counter == COUNTER_LIMIT) {
            this.broken = true;
            return false;
        }
        nextNonce();
        int plaintextLength = length - ProtocolV1.TAG_LENGTH;
        out.ensureWritable(plaintextLength);
        ByteBuffer source = sealed.nioBuffer(sealed.readerIndex(), length);
        ByteBuffer target = out.nioBuffer(out.writerIndex(), plaintextLength);
        if (!this.cipher.decrypt(this.nonce, source, target)) {
            this.broken = true;
            return false;
        }
        out.writerIndex(out.writerIndex() + plaintextLength);
        return true;
    }

    private void nextNonce() {
        if (this.counter == COUNTER_LIMIT) {
            throw new SessionProtocolException("the session frame counter is exhausted; the connection must be "
                    + "closed and reopened");
        }
        long value = this.counter++;
        System.arraycopy(this.nonceBase, 0, this.nonce, 0, ProtocolV1.NONCE_LENGTH);
        for (int i = 0; i < Long.BYTES; i++) {
            this.nonce[ProtocolV1.NONCE_LENGTH - 1 - i] ^= (byte) (value >>> (8 * i));
        }
    }

}
