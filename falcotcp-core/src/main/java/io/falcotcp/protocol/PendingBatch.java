package io.falcotcp.protocol;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.PromiseNotifier;
import org.jspecify.annotations.Nullable;

/**
 * The small messages a session connection wrote since its last flush, encoded one after the other into the
 * plaintext of one batch frame ({@code kind ‖ (length: u16 ‖ message) × n}, feature bit 4), with the promises of
 * their writes. A batch of one message is sealed as that message's own frame.
 * <p>
 * Not thread-safe: used on the connection's event loop.
 */
final class PendingBatch {

    /** Most messages in one batch; a receiver refuses more. */
    static final int MAX_MESSAGES = 64;

    /** Largest plaintext of a message this end puts in a batch. */
    static final int MAX_MESSAGE_LENGTH = 4 * 1024;

    private static final int HEADER = 1;

    private static final int LENGTH_FIELD = Short.BYTES;

    private final byte kind;

    private final int maxLength;

    private @Nullable ByteBuf plaintext;

    private int count;

    /** The promises of the messages' writes that someone listens to; void promises are left out. */
    private final List<ChannelPromise> promises = new ArrayList<>(0);

    /**
     * Creates the batch of one connection.
     * @param kind the kind of the batch frames this end writes
     * @param maxFrameSize the largest frame the peer accepts
     */
    PendingBatch(byte kind, int maxFrameSize) {
        this.kind = kind;
        this.maxLength = Math.min(SessionCodec.MAX_BATCH_LENGTH, maxFrameSize - ProtocolV1.TAG_LENGTH);
    }

    /**
     * Whether a message of this plaintext length may go in a batch at all.
     * @param length the message's encoded length
     * @return {@code true} when it is small enough
     */
    boolean accepts(int length) {
        return length <= MAX_MESSAGE_LENGTH && HEADER + LENGTH_FIELD + length <= this.maxLength;
    }

    /**
     * Whether a message of this length still fits, next to the messages already in.
     * @param length the message's encoded length, one the batch {@link #accepts(int) accepts}
     * @return {@code true} when it fits
     */
    boolean hasRoomFor(int length) {
        ByteBuf plaintext = this.plaintext;
        return plaintext == null
                || (this.count < MAX_MESSAGES && plaintext.readableBytes() + LENGTH_FIELD + length <= this.maxLength);
    }

    boolean isEmpty() {
        return this.count == 0;
    }

    /**
     * Encodes a message at the end of the batch; a message that cannot be encoded fails its promise and leaves the
     * batch as it was.
     * @param message the message
     * @param compressedBody its compressed body, {@code null} to write it as it is
     * @param length its encoded length
     * @param promise the promise of its write
     * @param alloc where the batch's buffer comes from
     */
    void add(SessionMessage message, byte @Nullable [] compressedBody, int length, ChannelPromise promise,
            ByteBufAllocator alloc) {
        ByteBuf plaintext = this.plaintext;
        if (plaintext == null) {
            plaintext = alloc.heapBuffer(this.maxLength);
            plaintext.writeByte(this.kind);
            this.plaintext = plaintext;
        }
        int start = plaintext.writerIndex();
        try {
            plaintext.writeShort(length);
            SessionCodec.encode(message, compressedBody, plaintext);
        }
        catch (RuntimeException ex) {
            if (this.count == 0) {
                // nothing else in it: the buffer goes, so that an empty batch never holds one
                plaintext.release();
                this.plaintext = null;
            }
            else {
                plaintext.writerIndex(start);
            }
            promise.setFailure(ex);
            return;
        }
        this.count++;
        if (!promise.isVoid()) {
            this.promises.add(promise);
        }
    }

    /**
     * Takes the plaintext to seal, and empties the batch: the batch frame's plaintext, or the one message's own.
     * @return the plaintext, to be released by the caller
     */
    ByteBuf take() {
        ByteBuf plaintext = this.plaintext;
        if (plaintext == null) {
            throw new IllegalStateException("the batch is empty");
        }
        if (this.count == 1) {
            plaintext.skipBytes(HEADER + LENGTH_FIELD);
        }
        this.plaintext = null;
        this.count = 0;
        return plaintext;
    }

    /**
     * The promise of the frame that carries the batch taken last: completes the messages' promises with it.
     * @param ctx the codec's context
     * @return a void promise when no one listens to the messages' writes
     */
    ChannelPromise framePromise(ChannelHandlerContext ctx) {
        if (this.promises.isEmpty()) {
            return ctx.voidPromise();
        }
        ChannelPromise frame = ctx.newPromise();
        frame.addListener(new PromiseNotifier<>(this.promises.toArray(new ChannelPromise[0])));
        this.promises.clear();
        return frame;
    }

}
