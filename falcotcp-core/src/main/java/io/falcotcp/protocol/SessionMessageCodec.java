package io.falcotcp.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Where a session-mode connection decrypts and encrypts, on both sides: opens each {@link SessionFrame} under the
 * next counter of the direction it reads and parses its plaintext into a {@link SessionMessage}, and seals each
 * outgoing message under the next counter of the direction it writes, as {@code len: u32 ‖ ciphertext ‖ tag}.
 * Bodies are compressed and decompressed here when the connection negotiated it, and a large body travels in
 * segments when segments were negotiated (each sealed and flushed in turn, reassembled on receipt).
 * <p>
 * The reservation a frame took in the {@link InboundBudget} becomes the request's body and metadata length
 * ({@link SessionMessage.Request#retainedLength()}, requests) or is given back (every other kind). A frame that does not open, or a malformed plaintext, raises a
 * {@link SessionProtocolException}: the stream is broken and the connection is closed. When the key that seals has
 * processed most of the blocks it may ({@link SessionCipher#nearlyExhausted()}), a {@link KeysExhausted} event is
 * fired once so that the connection can be replaced before the limit.
 * <p>
 * When batches were negotiated (feature bit 4), the small messages written between two flushes are sealed together
 * as one batch frame ({@link PendingBatch}), and a batch frame read is passed on as its messages, in their order.
 * <p>
 * A connection that neither reads nor writes a frame for a second or two drops its AES-GCM ciphers
 * ({@link SessionCipher#release()}); its next frame creates them again. One instance per connection.
 */
public final class SessionMessageCodec extends MessageToMessageCodec<SessionFrame, SessionMessage> {

    /** Plaintext of one frame of a body sent in segments: large enough to cost little per frame, small enough to
     * overlap sealing, transfer and opening. */
    static final int SEGMENT_LENGTH = 64 * 1024;

    /** How often an idle connection is looked at: its ciphers go at the first look that finds it did nothing. */
    private static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SessionCipher opener;

    private final SessionCipher sealer;

    private final @Nullable Lz4BodyCompression compression;

    private final InboundBudget budget;

    private final @Nullable SessionSegments segments;

    private final int segmentLength;

    private final boolean metadata;

    /** The messages written since the last flush, when batches were negotiated. */
    private final @Nullable PendingBatch batch;

    /** The kind of the batch frames this end reads, 0 when batches were not negotiated. */
    private final byte readBatchKind;

    /** The messages of the batch frame being read, reused from frame to frame. */
    private final List<SessionMessage> batchMessages = new ArrayList<>(0);

    private @Nullable ScheduledFuture<?> idleCheck;

    private boolean used;

    private boolean exhaustionReported;

    private boolean failed;

    /**
     * Creates the codec of a connection without segments.
     * @param opener the cipher of the direction this end reads
     * @param sealer the cipher of the direction this end writes
     * @param compression the negotiated compression, {@code null} for none
     * @param budget where the frames were reserved
     */
    public SessionMessageCodec(SessionCipher opener, SessionCipher sealer, @Nullable Lz4BodyCompression compression,
            InboundBudget budget) {
        this(opener, sealer, compression, budget, null, 0);
    }

    /**
     * Creates the codec of one connection.
     * @param opener the cipher of the direction this end reads
     * @param sealer the cipher of the direction this end writes
     * @param compression the negotiated compression, {@code null} for none
     * @param budget where the frames were reserved
     * @param segments the state of bodies received in segments, {@code null} when segments were not negotiated
     * @param maxFrameSize the largest frame the peer accepts, which bounds a segment
     */
    public SessionMessageCodec(SessionCipher opener, SessionCipher sealer, @Nullable Lz4BodyCompression compression,
            InboundBudget budget, @Nullable SessionSegments segments, int maxFrameSize) {
        this(opener, sealer, compression, budget, segments, maxFrameSize, false);
    }

    /**
     * Creates the codec of one connection.
     * @param opener the cipher of the direction this end reads
     * @param sealer the cipher of the direction this end writes
     * @param compression the negotiated compression, {@code null} for none
     * @param budget where the frames were reserved
     * @param segments the state of bodies received in segments, {@code null} when segments were not negotiated
     * @param maxFrameSize the largest frame the peer accepts, which bounds a segment
     * @param metadata whether the metadata feature was negotiated, so that requests may carry metadata
     */
    public SessionMessageCodec(SessionCipher opener, SessionCipher sealer, @Nullable Lz4BodyCompression compression,
            InboundBudget budget, @Nullable SessionSegments segments, int maxFrameSize, boolean metadata) {
        this(opener, sealer, compression, budget, segments, maxFrameSize, metadata, null);
    }

    /**
     * Creates the codec of one connection.
     * @param opener the cipher of the direction this end reads
     * @param sealer the cipher of the direction this end writes
     * @param compression the negotiated compression, {@code null} for none
     * @param budget where the frames were reserved
     * @param segments the state of bodies received in segments, {@code null} when segments were not negotiated
     * @param maxFrameSize the largest frame the peer accepts, which bounds a segment and a batch
     * @param metadata whether the metadata feature was negotiated, so that requests may carry metadata
     * @param batches the end this codec serves when batches were negotiated, {@code null} when they were not
     */
    public SessionMessageCodec(SessionCipher opener, SessionCipher sealer, @Nullable Lz4BodyCompression compression,
            InboundBudget budget, @Nullable SessionSegments segments, int maxFrameSize, boolean metadata,
            @Nullable SessionEnd batches) {
        this.metadata = metadata;
        this.batch = (batches != null) ? new PendingBatch(batches.writtenBatchKind(), maxFrameSize) : null;
        this.readBatchKind = (batches != null) ? batches.readBatchKind() : 0;
        this.opener = opener;
        this.sealer = sealer;
        this.compression = compression;
        this.budget = budget;
        this.segments = segments;
        this.segmentLength = Math.min(SEGMENT_LENGTH, maxFrameSize - ProtocolV1.TAG_LENGTH);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        scheduleIdleCheck(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (this.batch != null && !this.batch.isEmpty()) {
            // written but not flushed: it goes on as written, and fails its promises if the connection is closed
            writeBatch(ctx);
        }
        if (this.idleCheck != null) {
            this.idleCheck.cancel(false);
            this.idleCheck = null;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, SessionFrame frame, List<Object> out) {
        used(ctx);
        ByteBuf sealed = frame.content();
        int reserved = sealed.readableBytes();
        if (this.failed) {
            // the stream broke on an earlier frame and the connection is closing: nothing after it is read
            this.budget.release(reserved);
            return;
        }
        ByteBuf plaintext = ctx.alloc().heapBuffer(reserved - ProtocolV1.TAG_LENGTH);
        try {
            if (!this.opener.open(sealed, plaintext)) {
                throw new SessionProtocolException("a session frame did not open under the next counter (replayed, "
                        + "reordered, missing or modified, or beyond the key's block limit)");
            }
            boolean continuing = this.segments != null && this.segments.inProgress();
            if (this.readBatchKind != 0 && !continuing && plaintext.isReadable()
                    && plaintext.getByte(plaintext.readerIndex()) == this.readBatchKind) {
                decodeBatch(plaintext.skipBytes(1), reserved, out);
                return;
            }
            SessionMessage message = SessionCodec.decode(plaintext, this.compression, this.segments, this.metadata);
            // a request keeps its body charged until answered; a body in segments is charged whole at its first
            int kept;
            if (continuing) {
                kept = 0;
            }
            else if (message == null) {
                kept = this.segments.retainedLength();
            }
            else {
                kept = (message instanceof SessionMessage.Request request) ? request.retainedLength() : 0;
            }
            if (kept > reserved) {
                this.budget.add(kept - reserved);
            }
            else {
                this.budget.release(reserved - kept);
            }
            if (message != null) {
                out.add(message);
            }
        }
        catch (RuntimeException ex) {
            this.failed = true;
            this.budget.release(reserved);
            throw ex;
        }
        finally {
            plaintext.release();
        }
    }

    /**
     * Reads the messages of a batch frame, charges its requests to the budget as their own frames would have been,
     * and passes them on in their order.
     */
    private void decodeBatch(ByteBuf plaintext, int reserved, List<Object> out) {
        List<SessionMessage> messages = this.batchMessages;
        SessionCodec.decodeBatch(plaintext, this.compression, this.metadata, messages);
        long kept = 0;
        for (SessionMessage message : messages) {
            if (message instanceof SessionMessage.Request request) {
                kept += request.retainedLength();
            }
        }
        // more than the frame only when bodies were decompressed, as for a request in a frame of its own
        if (kept > reserved) {
            this.budget.add((int) (kept - reserved));
        }
        else {
            this.budget.release((int) (reserved - kept));
        }
        out.addAll(messages);
        messages.clear();
    }

    /**
     * Puts a small message in the pending batch when batches were negotiated; the batch is sealed as one frame when
     * the connection flushes, when it is full, or before a message that does not go in a batch.
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        PendingBatch batch = this.batch;
        if (batch != null && msg instanceof SessionMessage message) {
            int length = SessionCodec.encodedLength(message);
            byte[] compressed = null;
            if (this.compression != null && batch.accepts(length)) {
                compressed = compress(message);
                length = SessionCodec.encodedLength(message, compressed);
            }
            if (batch.accepts(length)) {
                used(ctx);
                if (!batch.hasRoomFor(length)) {
                    writeBatch(ctx);
                }
                batch.add(message, compressed, length, promise, ctx.alloc());
                return;
            }
        }
        if (batch != null && !batch.isEmpty()) {
            writeBatch(ctx);
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) throws Exception {
        if (this.batch != null && !this.batch.isEmpty()) {
            writeBatch(ctx);
        }
        ctx.flush();
    }

    private void writeBatch(ChannelHandlerContext ctx) {
        PendingBatch batch = Objects.requireNonNull(this.batch);
        ChannelPromise promise = batch.framePromise(ctx);
        ByteBuf frame;
        try {
            frame = seal(ctx, batch.take());
        }
        catch (RuntimeException ex) {
            promise.setFailure(ex);
            return;
        }
        ctx.write(frame, promise);
        reportExhaustion(ctx);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SessionMessage message, List<Object> out) {
        used(ctx);
        byte[] compressed = compress(message);
        int bodyLength = bodyLength(message);
        if (compressed == null && this.segments != null && bodyLength > this.segmentLength) {
            encodeInSegments(ctx, message, bodyLength, out);
        }
        else {
            ByteBuf plaintext = ctx.alloc().heapBuffer(SessionCodec.encodedLength(message, compressed));
            SessionCodec.encode(message, compressed, plaintext);
            out.add(seal(ctx, plaintext));
        }
        reportExhaustion(ctx);
    }

    /**
     * Seals and sends a large body one segment at a time, flushing each, so that the peer opens the first while the
     * next is sealed; the last segment goes out as the message itself.
     */
    private void encodeInSegments(ChannelHandlerContext ctx, SessionMessage message, int bodyLength,
            List<Object> out) {
        int headLength = SessionCodec.segmentedHeadLength(message);
        int first = Math.max(1, this.segmentLength - headLength);
        ByteBuf head = ctx.alloc().heapBuffer(headLength + first);
        SessionCodec.encodeSegmentedHead(message, first, head);
        ByteBuf frame = seal(ctx, head);
        for (int offset = first; offset < bodyLength; ) {
            ctx.writeAndFlush(frame, ctx.voidPromise());
            int length = Math.min(this.segmentLength - SessionCodec.CONTINUATION_HEADER, bodyLength - offset);
            ByteBuf segment = ctx.alloc().heapBuffer(SessionCodec.CONTINUATION_HEADER + length);
            SessionCodec.encodeContinuation(message, offset, length, segment);
            frame = seal(ctx, segment);
            offset += length;
        }
        out.add(frame);
    }

    /**
     * Seals a plaintext into a frame, {@code len: u32 ‖ ciphertext ‖ tag}, and releases the plaintext.
     */
    private ByteBuf seal(ChannelHandlerContext ctx, ByteBuf plaintext) {
        ByteBuf frame = ctx.alloc().ioBuffer(SessionFrameDecoder.LENGTH_PREFIX + plaintext.readableBytes()
                + ProtocolV1.TAG_LENGTH);
        try {
            frame.writeInt(plaintext.readableBytes() + ProtocolV1.TAG_LENGTH);
            this.sealer.seal(plaintext.nioBuffer(), frame);
            return frame;
        }
        catch (RuntimeException ex) {
            frame.release();
            throw ex;
        }
        finally {
            plaintext.release();
        }
    }

    private static int bodyLength(SessionMessage message) {
        if (message instanceof SessionMessage.Request request) {
            return request.body().length;
        }
        return (message instanceof SessionMessage.Response response) ? response.body().length : 0;
    }

    private void reportExhaustion(ChannelHandlerContext ctx) {
        if (!this.exhaustionReported && this.sealer.nearlyExhausted()) {
            this.exhaustionReported = true;
            ctx.fireUserEventTriggered(KeysExhausted.INSTANCE);
        }
    }

    private void used(ChannelHandlerContext ctx) {
        this.used = true;
        if (this.idleCheck == null) {
            scheduleIdleCheck(ctx);
        }
    }

    private void scheduleIdleCheck(ChannelHandlerContext ctx) {
        this.idleCheck = ctx.executor().schedule(() -> releaseIfIdle(ctx), IDLE_CHECK_NANOS, TimeUnit.NANOSECONDS);
    }

    private void releaseIfIdle(ChannelHandlerContext ctx) {
        if (this.used) {
            this.used = false;
            scheduleIdleCheck(ctx);
        }
        else {
            this.idleCheck = null;
            this.opener.release();
            this.sealer.release();
        }
    }

    private byte @Nullable [] compress(SessionMessage message) {
        if (this.compression == null) {
            return null;
        }
        if (message instanceof SessionMessage.Request request) {
            return this.compression.compress(request.body());
        }
        if (message instanceof SessionMessage.Response response) {
            return this.compression.compress(response.body());
        }
        return null;
    }

    /**
     * Fired once, inbound, when the key this end seals with has processed 7/8 of its block limit.
     */
    public enum KeysExhausted {

        /** The only instance. */
        INSTANCE

    }

}
