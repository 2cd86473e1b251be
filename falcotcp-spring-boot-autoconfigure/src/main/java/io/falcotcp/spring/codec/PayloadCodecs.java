package io.falcotcp.spring.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chooses the {@link PayloadCodec} of a Java type: {@code byte[]} as is, {@link ByteBuffer} over its remaining
 * bytes, {@link String} as UTF-8, any other type as JSON with the application's {@link JsonMapper}. Handlers and
 * clients use the same codecs, so what one side writes the other reads.
 */
public final class PayloadCodecs {

    private static final byte[] EMPTY = new byte[0];

    private final JsonMapper jsonMapper;

    /**
     * Creates codecs that read and write JSON with a mapper.
     * @param jsonMapper the mapper, typically Spring Boot's {@code JsonMapper} bean
     */
    public PayloadCodecs(JsonMapper jsonMapper) {
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper must not be null");
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
        JsonCodec json = new JsonCodec(this.jsonMapper, this.jsonMapper.constructType(type.getType()));
        return (raw == Object.class) ? new RuntimeTypeCodec(json) : json;
    }

    /**
     * Writes a value with the codec of its runtime type, as a client does with the request object it is given.
     * @param value the value, {@code null} for the empty body
     * @return the body bytes
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
        return new JsonCodec(this.jsonMapper, this.jsonMapper.constructType(type));
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

    private static final class JsonCodec implements PayloadCodec<@Nullable Object> {

        private final JsonMapper jsonMapper;

        private final JavaType type;

        JsonCodec(JsonMapper jsonMapper, JavaType type) {
            this.jsonMapper = jsonMapper;
            this.type = type;
        }

        @Override
        public @Nullable Object decode(byte[] payload) {
            try {
                return this.jsonMapper.readValue(payload, this.type);
            }
            catch (JacksonException ex) {
                throw new PayloadDecodingException("the body is not valid JSON for "
                        + this.type.getRawClass().getSimpleName(), ex);
            }
        }

        @Override
        public byte[] encode(@Nullable Object value) {
            return (value != null) ? this.jsonMapper.writeValueAsBytes(value) : EMPTY;
        }

    }

    /**
     * For values declared as {@link Object}: each one is written by its runtime type.
     */
    private final class RuntimeTypeCodec implements PayloadCodec<@Nullable Object> {

        private final JsonCodec json;

        RuntimeTypeCodec(JsonCodec json) {
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
