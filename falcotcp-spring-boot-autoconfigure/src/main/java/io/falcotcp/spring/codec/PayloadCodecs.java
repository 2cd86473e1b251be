package io.falcotcp.spring.codec;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chooses the {@link PayloadCodec} of a Java type: {@code byte[]} as is, {@link ByteBuffer} over its remaining
 * bytes, {@link String} as UTF-8, any other type as JSON with the application's {@link JsonMapper} (without Jackson,
 * see {@link #withoutJson()}, only the first three). Handlers and clients use the same codecs, so what one side
 * writes the other reads.
 */
public final class PayloadCodecs {

    static final byte[] EMPTY = new byte[0];

    private final @Nullable JsonCodecs json;

    /**
     * Creates codecs that read and write JSON with a mapper.
     * @param jsonMapper the mapper, typically Spring Boot's {@code JsonMapper} bean
     */
    public PayloadCodecs(JsonMapper jsonMapper) {
        this(new JacksonJsonCodecs(Objects.requireNonNull(jsonMapper, "jsonMapper must not be null")));
    }

    private PayloadCodecs(@Nullable JsonCodecs json) {
        this.json = json;
    }

    /**
     * Codecs for an application without Jackson: {@code byte[]}, {@link ByteBuffer} and {@link String} bodies only.
     * @return the codecs; asking them for any other type fails, naming it
     */
    public static PayloadCodecs withoutJson() {
        return new PayloadCodecs((JsonCodecs) null);
    }

    /**
     * The codec of a class.
     * @param type the class
     * @param <T> the Java type
     * @return its codec
     */
    @SuppressWarnings("unchecked")
    public <T> PayloadCodec<T> forClass(Class<T> type) {
        Objects.requireNonNull(type, "type must not be null");
        return (PayloadCodec<T>) forType(ResolvableType.forClass(type));
    }

    /**
     * The codec of a possibly generic type, such as a handler's {@code List<Order>} parameter. {@link Object} (or
     * an unresolvable type) encodes by the runtime type of each value and decodes JSON into maps and lists.
     * @param type the type
     * @return its codec
     * @throws IllegalStateException when the type is read as JSON and these codecs have none
     */
    public PayloadCodec<?> forType(ResolvableType type) {
        Objects.requireNonNull(type, "type must not be null");
        Class<?> raw = type.resolve(Object.class);
        if (raw == byte[].class) {
            return BytesCodec.INSTANCE;
        }
        if (raw == ByteBuffer.class) {
            return ByteBufferCodec.INSTANCE;
        }
        if (raw == String.class) {
            return StringCodec.INSTANCE;
        }
        PayloadCodec<@Nullable Object> json = json(type.getType(), raw);
        return (raw == Object.class) ? new RuntimeTypeCodec(json) : json;
    }

    /**
     * Writes a value with the codec of its runtime type, as a client does with the request object it is given.
     * @param value the value, {@code null} for the empty body
     * @return the body bytes
     * @throws IllegalStateException when the value is written as JSON and these codecs have none
     */
    @SuppressWarnings("unchecked")
    public byte[] encode(@Nullable Object value) {
        if (value == null) {
            return EMPTY;
        }
        return ((PayloadCodec<Object>) forRuntimeClass(value.getClass())).encode(value);
    }

    private PayloadCodec<?> forRuntimeClass(Class<?> type) {
        if (type == byte[].class) {
            return BytesCodec.INSTANCE;
        }
        if (ByteBuffer.class.isAssignableFrom(type)) {
            return ByteBufferCodec.INSTANCE;
        }
        if (type == String.class) {
            return StringCodec.INSTANCE;
        }
        return json(type, type);
    }

    private PayloadCodec<@Nullable Object> json(Type type, Class<?> raw) {
        if (this.json == null) {
            throw new IllegalStateException("A body of type " + raw.getName() + " is read and written as JSON, "
                    + "which needs Jackson 3 on the class path: add spring-boot-starter-jackson (or "
                    + "tools.jackson.core:jackson-databind), or use byte[], ByteBuffer or String");
        }
        return this.json.forType(type);
    }

    private static final class BytesCodec implements PayloadCodec<byte @Nullable []> {

        static final BytesCodec INSTANCE = new BytesCodec();

        @Override
        public byte[] decode(byte[] payload) {
            return payload;
        }

        @Override
        public byte[] encode(byte @Nullable [] value) {
            return (value != null) ? value : EMPTY;
        }

    }

    private static final class ByteBufferCodec implements PayloadCodec<@Nullable ByteBuffer> {

        static final ByteBufferCodec INSTANCE = new ByteBufferCodec();

        @Override
        public ByteBuffer decode(byte[] payload) {
            return ByteBuffer.wrap(payload);
        }

        @Override
        public byte[] encode(@Nullable ByteBuffer value) {
            if (value == null) {
                return EMPTY;
            }
            if (value.hasArray() && value.arrayOffset() == 0 && value.position() == 0
                    && value.remaining() == value.array().length) {
                return value.array();
            }
            byte[] bytes = new byte[value.remaining()];
            value.duplicate().get(bytes);
            return bytes;
        }

    }

    private static final class StringCodec implements PayloadCodec<@Nullable String> {

        static final StringCodec INSTANCE = new StringCodec();

        @Override
        public String decode(byte[] payload) {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public byte[] encode(@Nullable String value) {
            return (value != null) ? value.getBytes(StandardCharsets.UTF_8) : EMPTY;
        }

    }

    /**
     * For values declared as {@link Object}: each one is written by its runtime type.
     */
    private final class RuntimeTypeCodec implements PayloadCodec<@Nullable Object> {

        private final PayloadCodec<@Nullable Object> json;

        RuntimeTypeCodec(PayloadCodec<@Nullable Object> json) {
            this.json = json;
        }

        @Override
        public @Nullable Object decode(byte[] payload) {
            return this.json.decode(payload);
        }

        @Override
        public byte[] encode(@Nullable Object value) {
            return PayloadCodecs.this.encode(value);
        }

    }

}
