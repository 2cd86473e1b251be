package io.falcotcp.spring.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PayloadCodecsTests {

    private final PayloadCodecs codecs = new PayloadCodecs(JsonMapper.shared());

    @Test
    void bytesPassThroughUnchanged() {
        byte[] bytes = { 1, 2, 3 };
        assertThat(this.codecs.forClass(byte[].class).decode(bytes)).isSameAs(bytes);
        assertThat(this.codecs.forClass(byte[].class).encode(bytes)).isSameAs(bytes);
    }

    @Test
    void byteBufferEncodesOnlyItsRemainingBytes() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 1, 2, 3, 4 });
        buffer.position(1).limit(3);
        assertThat(this.codecs.forClass(ByteBuffer.class).encode(buffer)).containsExactly(2, 3);
        assertThat(buffer.position()).isEqualTo(1);
    }

    @Test
    void stringsAreUtf8() {
        assertThat(this.codecs.forClass(String.class).encode("Zoë")).isEqualTo("Zoë".getBytes(StandardCharsets.UTF_8));
        assertThat(this.codecs.forClass(String.class).decode(new byte[] { 'o', 'k' })).isEqualTo("ok");
    }

    @Test
    void otherTypesAreJsonIncludingGenericOnes() {
        PayloadCodec<?> codec = this.codecs.forType(ResolvableType.forClassWithGenerics(List.class, Item.class));
        assertThat(codec.decode("[{\"name\":\"a\",\"count\":1}]".getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(List.of(new Item("a", 1)));
        assertThat(this.codecs.encode(new Item("b", 2))).asString().isEqualTo("{\"name\":\"b\",\"count\":2}");
    }

    @Test
    void objectIsWrittenByItsRuntimeTypeAndReadAsJson() {
        @SuppressWarnings("unchecked")
        PayloadCodec<Object> codec = (PayloadCodec<Object>) this.codecs.forType(ResolvableType.forClass(Object.class));
        assertThat(codec.encode("text")).asString().isEqualTo("text");
        assertThat(codec.encode(new Item("c", 3))).asString().isEqualTo("{\"name\":\"c\",\"count\":3}");
        assertThat(codec.decode("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo(Map.of("a", 1));
    }

    @Test
    void nullIsTheEmptyBody() {
        assertThat(this.codecs.encode(null)).isEmpty();
        assertThat(this.codecs.forClass(Item.class).encode(null)).isEmpty();
    }

    @Test
    void malformedJsonIsADecodingFailureNamingTheType() {
        assertThatExceptionOfType(PayloadDecodingException.class)
            .isThrownBy(() -> this.codecs.forClass(Item.class).decode("{oops".getBytes(StandardCharsets.UTF_8)))
            .withMessage("the body is not valid JSON for Item");
    }

    record Item(String name, int count) {
    }

}
