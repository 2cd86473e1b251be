package io.falcotcp.protocol;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the session frames of one direction, {@code len: u32 ‖ ciphertext ‖ tag}, into {@link SessionMessage}s:
 * checks the length before anything is allocated, opens the frame under the next counter and reads its plaintext.
 * <p>
 * Any failure raises a {@link SessionProtocolException}, after which every further byte is discarded: a session
 * stream that broke once cannot be trusted again, and the connection is closed.
 * <p>
 * A receiver that has as much work as it accepts {@linkplain #pause() pauses} the decoder: frames that arrived in
 * the same read stay undecoded in its buffer (bounded by what one read returns, as the receiver also stops
 * reading), instead of being handed on, until it {@linkplain #resume() resumes}.
 */
public final class SessionFrameDecoder extends ByteToMessageDecoder {

    /** Length prefix of a session frame: u32 big-endian. */
    public static final int LENGTH_PREFIX = Integer.BYTES;

    private final SessionCipher opener;

    private final int maxFrameSize;

    private final @Nullable Lz4BodyCompression compression;

    private boolean failed;

    private boolean paused;

    private @Nullable ChannelHandlerContext ctx;

    /**
     * Creates a decoder.
     * @param opener the cipher of the direction this decoder reads
     * @param maxFrameSize the largest accepted {@code len}
     */
    public SessionFrameDecoder(SessionCipher opener, int maxFrameSize) {
        this(opener, maxFrameSize, null);
    }

    /**
     * Creates a decoder for a connection that negotiated compression.
     * @param opener the cipher of the direction this decoder reads
     * @param maxFrameSize the largest accepted {@code len}
     * @param compression the negotiated compression, {@code null} for none
     */
    public SessionFrameDecoder(SessionCipher opener, int maxFrameSize, @Nullable Lz4BodyCompression compression) {
        this.opener = opener;
        this.maxFrameSize = maxFrameSize;
        this.compression = compression;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Stops handing on frames after the current one; call on the event loop.
     */
    public void pause() {
        this.paused = true;
    }

    /**
     * Resumes handing on frames, first those already buffered (in a task of their own, as the caller may be
     * inside this decoder's own call chain); call on the event loop.
     */
    public void resume() {
        ChannelHandlerContext context = this.ctx;
        if (!this.paused || context == null) {
            return;
        }
        this.paused = false;
        context.executor().execute(() -> {
            if (this.paused || context.isRemoved()) {
                return;
            }
            try {
                channelRead(context, Unpooled.EMPTY_BUFFER);
                channelReadComplete(context);
            }
            catch (Exception ex) {
                context.fireExceptionCaught(ex);
            }
        });
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (this.failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (this.paused) {
            return;
        }
        if (in.readableBytes() < LENGTH_PREFIX) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length < ProtocolV1.TAG_LENGTH || length > this.maxFrameSize) {
            throw fail(in, "a session frame length of " + length + " bytes is outside 16.." + this.maxFrameSize);
        }
        if (in.readableBytes() - LENGTH_PREFIX < length) {
            return;
        }
        in.skipBytes(LENGTH_PREFIX);
        ByteBuf sealed = in.readSlice((int) length);
        ByteBuf plaintext = ctx.alloc().heapBuffer((int) length - ProtocolV1.TAG_LENGTH);
        try {
            if (!this.opener.open(sealed, plaintext)) {
                throw fail(in, "a session frame did not open under the next counter (replayed, reordered, "
                        + "missing or modified)");
            }
            out.add(SessionCodec.decode(plaintext, this.compression));
        }
        catch (SessionProtocolException ex) {
            this.failed = true;
            in.skipBytes(in.readableBytes());
            throw ex;
        }
        finally {
            plaintext.release();
        }
    }

    private SessionProtocolException fail(ByteBuf in, String message) {
        this.failed = true;
        in.skipBytes(in.readableBytes());
        return new SessionProtocolException(message);
    }

}
