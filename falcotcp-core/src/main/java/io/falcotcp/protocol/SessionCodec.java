package io.falcotcp.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the plaintext of session frames: {@link SessionMessage}s to bytes and back.
 */
public final class SessionCodec {

    /** Longest route, in UTF-8 bytes. */
    public static final int MAX_ROUTE_LENGTH = 255;

    /** Longest status message, in UTF-8 bytes; longer ones are cut. */
    public static final int MAX_MESSAGE_LENGTH = 256;

    private static final int FLAG_COMPRESSED = 0x01;

    private static final int FLAG_SEGMENTED = 0x02;

    private static final int FLAG_METADATA = 0x04;

    /**
     * Largest plaintext of a batch frame (feature bit 4), its kind byte included: a client that requests batches
     * accepts server frames this long plus a tag.
     */
    public static final int MAX_BATCH_LENGTH = 16 * 1024;

    /** Bytes of a continuation frame's plaintext before its segment: kind and id. */
    public static final int CONTINUATION_HEADER = 1 + Integer.BYTES;

    private static final RequestStatus[] STATUSES = RequestStatus.values();

    private static final byte[] EMPTY = new byte[0];

    private static final int REQUEST_HEADER = 1 + Integer.BYTES + 1 + 1;

    private static final int RESPONSE_HEADER = 1 + Integer.BYTES + 1 + 1 + Short.BYTES;

    private SessionCodec() {
    }

    /**
     * Plaintext length of a message whose body is sent compressed, to size buffers exactly.
     * @param message the message
     * @param compressedBody the compressed body, {@code null} when the body is sent as it is
     * @return its encoded length
     */
    public static int encodedLength(SessionMessage message, byte @Nullable [] compressedBody) {
        int length = encodedLength(message);
        if (compressedBody == null) {
            return length;
        }
        int body = (message instanceof SessionMessage.Request request) ? request.body().length
                : ((SessionMessage.Response) message).body().length;
        return length - body + compressedBody.length;
    }

    /**
     * Plaintext length of a message, to size buffers exactly.
     * @param message the message
     * @return its encoded length
     */
    public static int encodedLength(SessionMessage message) {
        if (message instanceof SessionMessage.Request request) {
            return REQUEST_HEADER + utf8Length(request.route()) + request.metadata().encodedLength()
                    + request.body().length;
        }
        if (message instanceof SessionMessage.Response response) {
            return RESPONSE_HEADER + messageBytes(response.message()).length + response.body().length;
        }
        if (message instanceof SessionMessage.Cancel) {
            return 1 + Integer.BYTES;
        }
        return 1;
    }

    /**
     * Writes the plaintext of a message, its body as it is.
     * @param message the message
     * @param out where the bytes go
     * @throws IllegalArgumentException when a route is longer than {@value #MAX_ROUTE_LENGTH} UTF-8 bytes
     */
    public static void encode(SessionMessage message, ByteBuf out) {
        encode(message, null, out);
    }

    /**
     * Writes the plaintext of a message with its body replaced by a compressed body, flag bit 0 set.
     * @param message the message, a request or a response
     * @param compressedBody {@code uncompressedLength ‖ LZ4 block}, or {@code null} to write the body as it is
     * @param out where the bytes go
     * @throws IllegalArgumentException when a route is longer than {@value #MAX_ROUTE_LENGTH} UTF-8 bytes
     */
    public static void encode(SessionMessage message, byte @Nullable [] compressedBody, ByteBuf out) {
        int flags = (compressedBody != null) ? FLAG_COMPRESSED : 0;
        writeHead(message, flags, out);
        if (message instanceof SessionMessage.Request request) {
            out.writeBytes((compressedBody != null) ? compressedBody : request.body());
        }
        else if (message instanceof SessionMessage.Response response) {
            out.writeBytes((compressedBody != null) ? compressedBody : response.body());
        }
    }

    /**
     * Length of the plaintext of the first frame of a body in segments, before the segment: the message's fields
     * and the body length.
     * @param message a request or a response
     * @return the length
     */
    public static int segmentedHeadLength(SessionMessage message) {
        return encodedLength(message) - body(message).length + Integer.BYTES;
    }

    /**
     * Writes the plaintext of the first frame of a body in segments: the message's fields with flag bit 1, the whole
     * body's length, and its first {@code segmentLength} bytes.
     * @param message a request or a response
     * @param segmentLength the length of the first segment, less than the body's
     * @param out where the bytes go
     */
    public static void encodeSegmentedHead(SessionMessage message, int segmentLength, ByteBuf out) {
        byte[] body = body(message);
        writeHead(message, FLAG_SEGMENTED, out);
        out.writeInt(body.length).writeBytes(body, 0, segmentLength);
    }

    /**
     * Writes the plaintext of a continuation frame: the kind that continues the message's, its id and a segment of
     * its body.
     * @param message a request or a response
     * @param offset where the segment starts in the body
     * @param length the segment's length
     * @param out where the bytes go
     */
    public static void encodeContinuation(SessionMessage message, int offset, int length, ByteBuf out) {
        if (message instanceof SessionMessage.Request request) {
            out.writeByte(SessionMessage.KIND_REQUEST_CONTINUATION).writeInt(request.id());
        }
        else {
            out.writeByte(SessionMessage.KIND_RESPONSE_CONTINUATION).writeInt(((SessionMessage.Response) message).id());
        }
        out.writeBytes(body(message), offset, length);
    }

    private static byte[] body(SessionMessage message) {
        return (message instanceof SessionMessage.Request request) ? request.body()
                : ((SessionMessage.Response) message).body();
    }

    private static void writeHead(SessionMessage message, int flags, ByteBuf out) {
        if (message instanceof SessionMessage.Request request) {
            byte[] route = (request.route() != null) ? request.route().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (route.length > MAX_ROUTE_LENGTH) {
                throw new IllegalArgumentException("a route is at most " + MAX_ROUTE_LENGTH + " bytes of UTF-8 (got "
                        + route.length + ")");
            }
            Metadata metadata = request.metadata();
            out.writeByte(SessionMessage.KIND_REQUEST).writeInt(request.id())
                .writeByte(metadata.isEmpty() ? flags : flags | FLAG_METADATA).writeByte(route.length)
                .writeBytes(route);
            if (!metadata.isEmpty()) {
                MetadataBlock.write(metadata, out);
            }
        }
        else if (message instanceof SessionMessage.Response response) {
            byte[] text = messageBytes(response.message());
            out.writeByte(SessionMessage.KIND_RESPONSE).writeInt(response.id()).writeByte(flags)
                .writeByte(response.status().ordinal()).writeShort(text.length).writeBytes(text);
        }
        else if (message instanceof SessionMessage.Cancel cancel) {
            out.writeByte(SessionMessage.KIND_CANCEL).writeInt(cancel.id());
        }
        else if (message instanceof SessionMessage.Ping) {
            out.writeByte(SessionMessage.KIND_PING);
        }
        else if (message instanceof SessionMessage.Pong) {
            out.writeByte(SessionMessage.KIND_PONG);
        }
        else {
            out.writeByte(SessionMessage.KIND_GOING_AWAY);
        }
    }

    /**
     * Reads the plaintext of a message on a connection without compression.
     * @param in the opened plaintext
     * @return the message
     * @throws SessionProtocolException when the plaintext is malformed
     */
    public static SessionMessage decode(ByteBuf in) {
        return decode(in, null);
    }

    /**
     * Reads the plaintext of a message on a connection without segments; see
     * {@link #decode(ByteBuf, Lz4BodyCompression, SessionSegments)}.
     * @param in the opened plaintext
     * @param compression the negotiated compression, {@code null} when none was
     * @return the message
     * @throws SessionProtocolException when the plaintext is malformed
     */
    public static SessionMessage decode(ByteBuf in, @Nullable Lz4BodyCompression compression) {
        SessionMessage message = decode(in, compression, null);
        if (message == null) {
            throw new IllegalStateException("a body in segments without segments negotiated");
        }
        return message;
    }

    /**
     * Reads the plaintext of a frame; all readable bytes of {@code in} belong to it.
     * @param in the opened plaintext
     * @param compression the negotiated compression, {@code null} when none was: then a compressed body is an error
     * @param segments the body the connection receives in segments, {@code null} when segments were not negotiated:
     *     then a body in segments is an error
     * @return the message, or {@code null} when the frame was a segment of a body that is not complete yet
     * @throws SessionProtocolException when the plaintext is malformed, or does not continue the body in segments
     */
    public static @Nullable SessionMessage decode(ByteBuf in, @Nullable Lz4BodyCompression compression,
            @Nullable SessionSegments segments) {
        return decode(in, compression, segments, false);
    }

    /**
     * Reads the plaintext of a frame; all readable bytes of {@code in} belong to it.
     * @param in the opened plaintext
     * @param compression the negotiated compression, {@code null} when none was: then a compressed body is an error
     * @param segments the body the connection receives in segments, {@code null} when segments were not negotiated:
     *     then a body in segments is an error
     * @param metadata whether the metadata feature was negotiated: otherwise request metadata is an error (response
     *     metadata always is)
     * @return the message, or {@code null} when the frame was a segment of a body that is not complete yet
     * @throws SessionProtocolException when the plaintext is malformed, or does not continue the body in segments
     */
    public static @Nullable SessionMessage decode(ByteBuf in, @Nullable Lz4BodyCompression compression,
            @Nullable SessionSegments segments, boolean metadata) {
        if (!in.isReadable()) {
            throw malformed("an empty plaintext");
        }
        byte kind = in.readByte();
        if (segments != null && (segments.inProgress() || kind == SessionMessage.KIND_REQUEST_CONTINUATION
                || kind == SessionMessage.KIND_RESPONSE_CONTINUATION)) {
            // between the segments of a body only its continuations may come, and they only then
            return segments.append(kind, in);
        }
        switch (kind) {
            case SessionMessage.KIND_REQUEST -> {
                require(in, REQUEST_HEADER - 1, "request");
                int id = in.readInt();
                int flags = readFlags(in, compression, segments, metadata);
                int routeLength = in.readUnsignedByte();
                require(in, routeLength, "request route");
                String route = (routeLength > 0) ? readUtf8(in, routeLength) : null;
                Metadata entries = ((flags & FLAG_METADATA) != 0) ? MetadataBlock.read(in) : Metadata.empty();
                if ((flags & FLAG_SEGMENTED) != 0) {
                    return startSegments(new SessionMessage.Request(id, route, entries, EMPTY), in, segments);
                }
                return new SessionMessage.Request(id, route, entries, readBody(in, flags, compression));
            }
            case SessionMessage.KIND_RESPONSE -> {
                require(in, RESPONSE_HEADER - 1, "response");
                int id = in.readInt();
                int flags = readFlags(in, compression, segments, false);
                int status = in.readUnsignedByte();
                if (status >= STATUSES.length) {
                    throw malformed("an unknown status " + status);
                }
                int messageLength = in.readUnsignedShort();
                require(in, messageLength, "response message");
                String text = readUtf8(in, messageLength);
                if ((flags & FLAG_SEGMENTED) != 0) {
                    return startSegments(new SessionMessage.Response(id, STATUSES[status], text, EMPTY), in, segments);
                }
                return new SessionMessage.Response(id, STATUSES[status], text, readBody(in, flags, compression));
            }
            case SessionMessage.KIND_CANCEL -> {
                require(in, Integer.BYTES, "cancel");
                int id = in.readInt();
                requireEnd(in, "cancel");
                return new SessionMessage.Cancel(id);
            }
            case SessionMessage.KIND_PING -> {
                requireEnd(in, "ping");
                return SessionMessage.Ping.INSTANCE;
            }
            case SessionMessage.KIND_PONG -> {
                requireEnd(in, "pong");
                return SessionMessage.Pong.INSTANCE;
            }
            case SessionMessage.KIND_GOING_AWAY -> {
                requireEnd(in, "going-away notice");
                return SessionMessage.GoingAway.INSTANCE;
            }
            default -> throw malformed("an unknown kind 0x" + Integer.toHexString(kind & 0xFF));
        }
    }

    /**
     * Reads the plaintext of a batch frame (feature bit 4), {@code kind ‖ (length: u16 ‖ message) × n}: every message
     * is read as a frame of its own without segments would be. Nothing is added to {@code out} unless the whole
     * batch is well formed.
     * @param in the opened plaintext, after its kind byte
     * @param compression the negotiated compression, {@code null} when none was
     * @param metadata whether the metadata feature was negotiated
     * @param out where the messages go, in their order
     * @throws SessionProtocolException when the batch or one of its messages is malformed
     */
    public static void decodeBatch(ByteBuf in, @Nullable Lz4BodyCompression compression, boolean metadata,
            List<SessionMessage> out) {
        int first = out.size();
        if (1 + in.readableBytes() > MAX_BATCH_LENGTH) {
            throw malformed("a batch of more than " + MAX_BATCH_LENGTH + " bytes");
        }
        try {
            while (in.isReadable()) {
                require(in, Short.BYTES, "batch message length");
                int length = in.readUnsignedShort();
                if (length == 0) {
                    throw malformed("an empty message in a batch");
                }
                require(in, length, "batch message");
                if (out.size() - first == PendingBatch.MAX_MESSAGES) {
                    throw malformed("a batch of more than " + PendingBatch.MAX_MESSAGES + " messages");
                }
                ByteBuf message = in.readSlice(length);
                // no segments: a batch holds neither a body in segments nor a continuation
                SessionMessage decoded = decode(message, compression, null, metadata);
                out.add(Objects.requireNonNull(decoded));
            }
            if (out.size() - first < 2) {
                throw malformed("a batch of fewer than 2 messages");
            }
        }
        catch (RuntimeException ex) {
            out.subList(first, out.size()).clear();
            throw ex;
        }
    }

    private static int readFlags(ByteBuf in, @Nullable Lz4BodyCompression compression,
            @Nullable SessionSegments segments, boolean metadata) {
        int flags = in.readUnsignedByte();
        int allowed = ((compression != null) ? FLAG_COMPRESSED : 0) | ((segments != null) ? FLAG_SEGMENTED : 0)
                | (metadata ? FLAG_METADATA : 0);
        int both = FLAG_COMPRESSED | FLAG_SEGMENTED;
        if ((flags & ~allowed) != 0 || (flags & both) == both) {
            throw malformed("flags 0x" + Integer.toHexString(flags) + " that were not negotiated");
        }
        return flags;
    }

    private static byte[] readBody(ByteBuf in, int flags, @Nullable Lz4BodyCompression compression) {
        return ((flags & FLAG_COMPRESSED) != 0 && compression != null) ? compression.decompress(in)
                : ByteBufUtil.getBytes(in);
    }

    private static @Nullable SessionMessage startSegments(SessionMessage head, ByteBuf in,
            @Nullable SessionSegments segments) {
        require(in, Integer.BYTES, "body length");
        long bodyLength = in.readUnsignedInt();
        if (segments != null) {
            segments.start(head, bodyLength, in);
        }
        return null;
    }

    private static String readUtf8(ByteBuf in, int length) {
        // strict: two different invalid sequences must not become the same route
        if (!ByteBufUtil.isText(in, in.readerIndex(), length, StandardCharsets.UTF_8)) {
            throw malformed("text that is not valid UTF-8");
        }
        String text = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return text;
    }

    private static void require(ByteBuf in, int length, String what) {
        if (in.readableBytes() < length) {
            throw malformed("a truncated " + what);
        }
    }

    private static void requireEnd(ByteBuf in, String what) {
        if (in.isReadable()) {
            throw malformed("a " + what + " with trailing bytes");
        }
    }

    private static SessionProtocolException malformed(String what) {
        return new SessionProtocolException("a session frame carried " + what);
    }

    private static int utf8Length(@Nullable String text) {
        return (text != null) ? ByteBufUtil.utf8Bytes(text) : 0;
    }

    private static byte[] messageBytes(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_MESSAGE_LENGTH) {
            return bytes;
        }
        // cut on a character boundary so the client still reads valid UTF-8
        int end = MAX_MESSAGE_LENGTH;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }

}
