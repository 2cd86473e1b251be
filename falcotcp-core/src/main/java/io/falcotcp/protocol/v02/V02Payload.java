package io.falcotcp.protocol.v02;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.falcotcp.protocol.PayloadCipher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;

/**
 * Where a FalcoTCP 0.2 message is compressed and sealed, and opened and decompressed, on both sides: compression
 * happens before encryption, so a frame's payload is {@code nonce ‖ AES-256-GCM(compressed message) ‖ tag}.
 */
public final class V02Payload {

    private final PayloadCipher cipher;

    private final int maxMessageLength;

    /**
     * Creates the payload codec of one connection.
     * @param cipher the cipher of the pre-shared key
     * @param maxMessageLength the largest message accepted after decompression
     */
    public V02Payload(PayloadCipher cipher, int maxMessageLength) {
        this.cipher = cipher;
        this.maxMessageLength = maxMessageLength;
    }

    /**
     * Opens and decompresses a frame's payload.
     * @param frame the frame; not released here
     * @return the message, or {@code null} when the payload does not open under the key, does not decompress, or
     *     decompresses to more than the limit
     * @throws V02FrameException when the frame's compression needs a library that is absent
     */
    public byte @Nullable [] open(V02Frame frame) {
        byte[] plaintext = this.cipher.open(frame.content());
        if (plaintext == null) {
            return null;
        }
        try {
            return frame.compression().decompress(plaintext, this.maxMessageLength);
        }
        catch (IOException ex) {
            return null;
        }
        catch (V02FrameException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            // a native decoder's complaint about malformed input is the peer's doing too
            return null;
        }
    }

    /**
     * Compresses, seals and frames a message.
     * @param allocator where the frame's buffer comes from
     * @param message the message
     * @param compression the compression to apply first
     * @return the whole frame, header included
     * @throws V02FrameException when the compression's library is absent
     */
    public ByteBuf seal(ByteBufAllocator allocator, byte[] message, V02Compression compression) {
        byte[] compressed = compression.compress(message);
        int sealedLength = PayloadCipher.sealedLength(compressed.length);
        ByteBuf frame = allocator.ioBuffer(V02FrameDecoder.HEADER_LENGTH + sealedLength);
        try {
            frame.writeLongLE(sealedLength).writeByte(compression.code());
            this.cipher.seal(ByteBuffer.wrap(compressed), frame);
            return frame;
        }
        catch (RuntimeException ex) {
            frame.release();
            throw ex;
        }
    }

    /**
     * The frame that says "no response": size 0, compression none. A sealed payload is never empty, so it cannot be
     * mistaken for an answer.
     * @param allocator where the frame's buffer comes from
     * @return the nine header bytes
     */
    public static ByteBuf emptyFrame(ByteBufAllocator allocator) {
        return allocator.ioBuffer(V02FrameDecoder.HEADER_LENGTH).writeLongLE(0).writeByte(V02Compression.NONE.code());
    }

}
