package io.falcotcp.spring.codec;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON codecs that read and write with a Jackson {@link JsonMapper}.
 */
final class JacksonJsonCodecs implements JsonCodecs {

    private final JsonMapper jsonMapper;

    JacksonJsonCodecs(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    public PayloadCodec<@Nullable Object> forType(Type type) {
        return new JsonCodec(this.jsonMapper, this.jsonMapper.constructType(type));
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
            return (value != null) ? this.jsonMapper.writeValueAsBytes(value) : PayloadCodecs.EMPTY;
        }

    }

}
