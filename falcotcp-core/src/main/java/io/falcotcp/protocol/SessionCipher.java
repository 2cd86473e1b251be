package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.falcotcp.crypto.AeadCipher;
import io.falcotcp.crypto.AeadEngine;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Seals or opens the session frames of one direction with counter nonces: {@code nonce = base XOR counter}, the
 * counter starting at 0 and advancing once per frame. An opener accepts only the next counter, so a frame that is
 * replayed, reordered or missing fails to open; after a failure it refuses everything, as the stream is broken.
 * <p>
 * It also counts the AES blocks it processes (each frame: its blocks of text plus one for the tag), because AES-GCM
 * under one key must stay well below 2^32 full-size records: like TLS 1.3, which allows 2^24.5 records of 2^10
 * blocks, a key is used for at most {@value #BLOCK_LIMIT} blocks. Past {@link #nearlyExhausted()} (7/8 of it) the
 * connection should be replaced; a seal beyond the limit fails, and an open beyond it refuses the frame.
 * <p>
 * An idle connection need not hold an AES-GCM cipher (a JDK {@code Cipher} with its key schedule is about 900 bytes
 * of heap): {@link #release()} drops it with its nonce buffer, keeping the key and nonce base (in one array), the
 * counter and the block count, and the next frame creates them again.
 * <p>
 * One instance per direction and connection: it is not thread-safe.
 */
public final class SessionCipher {

    /** Frames per direction after which the connection must be closed rather than reuse a nonce. */
    public static final long COUNTER_LIMIT = Long.MAX_VALUE;

    /** AES blocks one key may process: 2^34, about 256 GiB. */
    public static final long BLOCK_LIMIT = 1L << 34;

    private static final int BLOCK_LENGTH = 16;

    private final AeadEngine engine;

    /** The key, then the nonce base. */
    private final byte[] keyAndNonceBase;

    private final long blockLimit;

    private @Nullable AeadCipher cipher;

    private byte @Nullable [] nonce;

    private long counter;

    private long blocks;

    private boolean broken;

    /**
     * Creates the cipher of one direction.
     * @param engine the AES-GCM implementation
     * @param key the direction's 32-byte key
     * @param nonceBase the direction's 12-byte nonce base
     */
    public SessionCipher(AeadEngine engine, byte[] key, byte[] nonceBase) {
        this(engine, key, nonceBase, 0, BLOCK_LIMIT);
    }

    SessionCipher(AeadEngine engine, byte[] key, byte[] nonceBase, long firstCounter) {
        this(engine, key, nonceBase, firstCounter, BLOCK_LIMIT);
    }

    SessionCipher(AeadEngine engine, byte[] key, byte[] nonceBase, long firstCounter, long blockLimit) {
        if (nonceBase.length != ProtocolV1.NONCE_LENGTH) {
            throw new IllegalArgumentException("a nonce base has " + ProtocolV1.NONCE_LENGTH + " bytes");
        }
        this.engine = engine;
        this.cipher = engine.newCipher(key);
        this.nonce = new byte[ProtocolV1.NONCE_LENGTH];
        this.keyAndNonceBase = Arrays.copyOf(key, key.length + ProtocolV1.NONCE_LENGTH);
        System.arraycopy(nonceBase, 0, this.keyAndNonceBase, key.length, ProtocolV1.NONCE_LENGTH);
        this.counter = firstCounter;
        this.blockLimit = blockLimit;
    }

    /**
     * Whether this key has processed 7/8 of the blocks it may: time to replace the connection.
     * @return {@code true} past that point
     */
    public boolean nearlyExhausted() {
        return this.blocks >= this.blockLimit - (this.blockLimit >>> 3);
    }

    /**
     * The AES blocks this key processed so far.
     * @return the count
     */
    public long blocks() {
        return this.blocks;
    }

    /**
     * Drops the AES-GCM cipher until the next frame, which creates it again from the key.
     */
    public void release() {
        this.cipher = null;
        this.nonce = null;
    }

    /**
     * Whether it holds its AES-GCM cipher now.
     * @return {@code false} after {@link #release()} until the next frame
     */
    boolean holdsCipher() {
        return this.cipher != null;
    }

    private AeadCipher cipher() {
        AeadCipher current = this.cipher;
        if (current == null) {
            byte[] key = Arrays.copyOf(this.keyAndNonceBase, this.keyAndNonceBase.length - ProtocolV1.NONCE_LENGTH);
            current = this.engine.newCipher(key);
            Arrays.fill(key, (byte) 0);
            this.cipher = current;
        }
        return current;
    }

    private boolean withinLimit(int textLength) {
        long frameBlocks = (textLength + BLOCK_LENGTH - 1) / BLOCK_LENGTH + 1;
        if (this.blocks + frameBlocks > this.blockLimit) {
            return false;
        }
        this.blocks += frameBlocks;
        return true;
    }

    /**
     * Appends {@code ciphertext ‖ tag} of {@code plaintext} to {@code out} under the next counter.
     * @param plaintext the bytes to seal; its position advances to its limit
     * @param out the buffer to write to; it grows as needed
     * @throws SessionProtocolException when the counter or the key's blocks are exhausted: the connection must be
     *     closed
     */
    public void seal(ByteBuffer plaintext, ByteBuf out) {
        int length = plaintext.remaining() + ProtocolV1.TAG_LENGTH;
        if (!withinLimit(plaintext.remaining())) {
            throw new SessionProtocolException("the session key has sealed its " + this.blockLimit + " blocks; the "
                    + "connection must be closed and reopened");
        }
        byte[] nonce = nextNonce();
        out.ensureWritable(length);
        int start = out.writerIndex();
        if (out.nioBufferCount() == 1) {
            cipher().encrypt(nonce, plaintext, out.internalNioBuffer(start, length));
        }
        else {
            ByteBuffer scratch = ByteBuffer.allocate(length);
            cipher().encrypt(nonce, plaintext, scratch);
            out.setBytes(start, scratch.flip());
        }
        out.writerIndex(start + length);
    }

    /**
     * Opens {@code ciphertext ‖ tag} (the readable bytes of {@code sealed}) under the next counter into
     * {@code out}, which must have room for the plaintext.
     * @param sealed the sealed bytes; the reader index does not move
     * @param out the plaintext buffer; its writer index advances by the plaintext length on success
     * @return {@code true} when the frame opened; {@code false} otherwise (also beyond the key's block limit), and
     *     for every later frame
     */
    public boolean open(ByteBuf sealed, ByteBuf out) {
        int length = sealed.readableBytes();
        if (this.broken || length < ProtocolV1.TAG_LENGTH || this.counter == COUNTER_LIMIT
                || !withinLimit(length - ProtocolV1.TAG_LENGTH)) {
            this.broken = true;
            return false;
        }
        byte[] nonce = nextNonce();
        int plaintextLength = length - ProtocolV1.TAG_LENGTH;
        out.ensureWritable(plaintextLength);
        ByteBuffer source = sealed.nioBuffer(sealed.readerIndex(), length);
        ByteBuffer target = out.nioBuffer(out.writerIndex(), plaintextLength);
        if (!cipher().decrypt(nonce, source, target)) {
            this.broken = true;
            return false;
        }
        out.writerIndex(out.writerIndex() + plaintextLength);
        return true;
    }

    private byte[] nextNonce() {
        if (this.counter == COUNTER_LIMIT) {
            throw new SessionProtocolException("the session frame counter is exhausted; the connection must be "
                    + "closed and reopened");
        }
        byte[] nonce = this.nonce;
        if (nonce == null) {
            nonce = new byte[ProtocolV1.NONCE_LENGTH];
            this.nonce = nonce;
        }
        long value = this.counter++;
        System.arraycopy(this.keyAndNonceBase, this.keyAndNonceBase.length - ProtocolV1.NONCE_LENGTH, nonce, 0,
                ProtocolV1.NONCE_LENGTH);
        for (int i = 0; i < Long.BYTES; i++) {
            nonce[ProtocolV1.NONCE_LENGTH - 1 - i] ^= (byte) (value >>> (8 * i));
        }
        return nonce;
    }

}
