package io.falcotcp.protocol;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Decodes the bytes a client sends into {@link ClientFrame}s (protocol v1, client to server).
 * <p>
 * Payloads are retained slices of the received bytes, not copies. A message length is checked against the maximum
 * frame size before anything is allocated for it; a longer one raises {@link FrameTooLargeException}. The first
 * frame must be an auth frame: any other first type byte raises {@link UnexpectedFirstFrameException} before its
 * body is read, so an unauthenticated peer can never make the server buffer a message. After either exception the
 * decoder discards all further input. A message shorter than 28 bytes is still a message (one that cannot be
 * opened), not a framing error.
 * <p>
 * Before it buffers a message's body, the decoder reserves the message's length in the connection's
 * {@link InboundBudget}; without room it leaves the message unread, and the budget resumes it.
 */
public final class ClientFrameDecoder extends ByteToMessageDecoder {

    private static final int MESSAGE_HEADER_LENGTH = 1 + ProtocolV1.LENGTH_PREFIX;

    private final int maxFrameSize;

    private final InboundBudget budget;

    private boolean firstFrameDecoded;

    private boolean reserved;

    private boolean failed;

    private final FrameCumulator cumulator = new FrameCumulator();

    /**
     * Creates a decoder for one connection.
     * @param maxFrameSize the largest accepted message length ({@code len}), in bytes
     * @param budget where message lengths are reserved before their bodies are read
     */
    public ClientFrameDecoder(int maxFrameSize, InboundBudget budget) {
        this(maxFrameSize, budget, false);
    }

    /**
     * Creates a decoder for one connection, which may already have authenticated.
     * @param maxFrameSize the largest accepted message length ({@code len}), in bytes
     * @param budget where message lengths are reserved before their bodies are read
     * @param authenticated {@code true} for a connection whose auth frame was read already (by an earlier decoder):
     *     its next frame may be of any type
     */
    public ClientFrameDecoder(int maxFrameSize, InboundBudget budget, boolean authenticated) {
        if (maxFrameSize < 0) {
            throw new IllegalArgumentException("maxFrameSize must not be negative (got " + maxFrameSize + ")");
        }
        this.maxFrameSize = maxFrameSize;
        this.budget = budget;
        this.firstFrameDecoded = authenticated;
        setCumulator(this.cumulator);
    }

    /**
     * Whether it holds bytes of a frame that is not complete yet.
     * @return {@code true} when it does
     */
    public boolean holdsBytes() {
        return actualReadableBytes() > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (this.failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        byte type = in.getByte(start);
        if (!this.firstFrameDecoded && type != ProtocolV1.TYPE_AUTH) {
            fail(in);
            throw new UnexpectedFirstFrameException(type);
        }
        switch (type) {
            case ProtocolV1.TYPE_AUTH -> {
                if (in.readableBytes() < ProtocolV1.AUTH_FRAME_LENGTH) {
                    return;
                }
                in.skipBytes(1);
                out.add(new ClientFrame.Auth(in.readRetainedSlice(ProtocolV1.AUTH_SEALED_LENGTH)));
            }
            case ProtocolV1.TYPE_MESSAGE -> {
                if (in.readableBytes() < MESSAGE_HEADER_LENGTH) {
                    return;
                }
                long length = in.getLong(start + 1);
                // a negative long is a u64 of 2^63 or more
                if (length < 0 || length > this.maxFrameSize) {
                    fail(in);
                    throw new FrameTooLargeException(length, this.maxFrameSize);
                }
                if (!this.reserved && !this.budget.tryReserve((int) length)) {
                    return;
                }
                this.reserved = true;
                if (in.readableBytes() - MESSAGE_HEADER_LENGTH < length) {
                    this.cumulator.expect(MESSAGE_HEADER_LENGTH + (int) length, true);
                    return;
                }
                in.skipBytes(MESSAGE_HEADER_LENGTH);
                this.reserved = false;
                this.cumulator.expect(0, false);
                out.add(new ClientFrame.Message(in.readRetainedSlice((int) length)));
            }
            case ProtocolV1.TYPE_PING -> {
                in.skipBytes(1);
                out.add(ClientFrame.Ping.INSTANCE);
            }
            default -> {
                in.skipBytes(1);
                out.add(new ClientFrame.Unknown(type));
            }
        }
        this.firstFrameDecoded = true;
    }

    private void fail(ByteBuf in) {
        this.failed = true;
        in.skipBytes(in.readableBytes());
    }

}
