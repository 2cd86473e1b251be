package io.falcotcp.protocol;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * The body a session connection is receiving in segments (feature bit 1, "Large bodies in segments" in
 * {@code docs/protocol.md}): at most one per direction, whose segments come one after the other. One instance per
 * connection, for the direction it reads.
 */
public final class SessionSegments {

    private final int maxBodyLength;

    private @Nullable SessionMessage head;

    private byte[] body = new byte[0];

    private int filled;

    /**
     * Creates the state of one connection.
     * @param maxBodyLength the largest body accepted in segments: the receiver's maximum frame size
     */
    public SessionSegments(int maxBodyLength) {
        this.maxBodyLength = maxBodyLength;
    }

    /**
     * Whether a body is being received in segments.
     * @return {@code true} between its first and its last segment
     */
    public boolean inProgress() {
        return this.head != null;
    }

    /**
     * Starts a body in segments.
     * @param head the request or response, its body empty
     * @param bodyLength the length of the whole body, as the first frame declares it
     * @param firstSegment the first segment, read whole
     * @throws SessionProtocolException when the declared length is above the maximum or not above the first segment
     */
    void start(SessionMessage head, long bodyLength, ByteBuf firstSegment) {
        int segment = firstSegment.readableBytes();
        if (bodyLength > this.maxBodyLength || bodyLength <= segment) {
            throw new SessionProtocolException("a session frame carried a body in segments of " + bodyLength
                    + " bytes, which must be above its first segment of " + segment + " and at most "
                    + this.maxBodyLength);
        }
        this.head = head;
        this.body = new byte[(int) bodyLength];
        firstSegment.readBytes(this.body, 0, segment);
        this.filled = segment;
    }

    /**
     * Adds the next segment.
     * @param kind the frame's kind, which must continue the head's
     * @param frame the rest of the frame's plaintext: the request id, which must be the head's, and the segment
     * @return the whole message once its last segment arrived, otherwise {@code null}
     * @throws SessionProtocolException for a frame that does not continue the body in progress
     */
    @Nullable SessionMessage append(byte kind, ByteBuf frame) {
        SessionMessage started = this.head;
        if (started == null) {
            throw new SessionProtocolException("a session frame carried a continuation without a body in segments");
        }
        byte expected = (started instanceof SessionMessage.Request) ? SessionMessage.KIND_REQUEST_CONTINUATION
                : SessionMessage.KIND_RESPONSE_CONTINUATION;
        int length = frame.readableBytes() - Integer.BYTES;
        if (kind != expected || length < 0 || frame.readInt() != idOf(started)
                || length > this.body.length - this.filled) {
            throw new SessionProtocolException("a session frame carried a continuation that does not continue the "
                    + "body in segments of request " + idOf(started));
        }
        frame.readBytes(this.body, this.filled, length);
        this.filled += length;
        if (this.filled < this.body.length) {
            return null;
        }
        byte[] whole = this.body;
        this.head = null;
        this.body = new byte[0];
        if (started instanceof SessionMessage.Request request) {
            return new SessionMessage.Request(request.id(), request.route(), request.metadata(), whole);
        }
        SessionMessage.Response response = (SessionMessage.Response) started;
        return new SessionMessage.Response(response.id(), response.status(), response.message(), whole);
    }

    /**
     * What the message in progress keeps charged until it is answered: its declared body length and, for a request,
     * its metadata block.
     * @return the length, 0 when none is in progress
     */
    int retainedLength() {
        SessionMessage started = this.head;
        return (started instanceof SessionMessage.Request request) ? request.retainedLength() + this.body.length
                : this.body.length;
    }

    private static int idOf(SessionMessage message) {
        return (message instanceof SessionMessage.Request request) ? request.id()
                : ((SessionMessage.Response) message).id();
    }

}
