package io.falcotcp.spring.autoconfigure;

import io.falcotcp.spring.codec.PayloadCodecs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FalcoCodecAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class));

    @Test
    void codecsUseTheApplicationsJsonMapper() {
        this.runner.withBean(JsonMapper.class,
                () -> JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build())
            .run((context) -> assertThat(context.getBean(PayloadCodecs.class).encode(new Line("BOOK-1", 2)))
                .asString().isEqualTo("{\"sku_code\":\"BOOK-1\",\"line_quantity\":2}"));
    }

    @Test
    void codecsWorkWithoutAJsonMapperBean() {
        this.runner.run((context) -> assertThat(context.getBean(PayloadCodecs.class).encode(new Line("PEN", 1)))
            .asString().isEqualTo("{\"skuCode\":\"PEN\",\"lineQuantity\":1}"));
    }

    @Test
    void withoutJacksonCodecsCarryBytesAndTextAndNameWhatJsonNeeds() {
        this.runner.withClassLoader(new FilteredClassLoader("tools.jackson")).run((context) -> {
            PayloadCodecs codecs = context.getBean(PayloadCodecs.class);
            assertThat(codecs.encode("text")).asString().isEqualTo("text");
            assertThat(codecs.forClass(byte[].class).decode(new byte[] { 1, 2 })).containsExactly(1, 2);
            assertThatIllegalStateException().isThrownBy(() -> codecs.encode(new Line("PEN", 1)))
                .withMessageContaining(Line.class.getName())
                .withMessageContaining("spring-boot-starter-jackson");
        });
    }

    @Test
    void userCodecsReplaceOurs() {
        PayloadCodecs own = new PayloadCodecs(JsonMapper.shared());
        this.runner.withBean(PayloadCodecs.class, () -> own)
            .run((context) -> assertThat(context.getBean(PayloadCodecs.class)).isSameAs(own));
    }

    record Line(String skuCode, int lineQuantity) {
    }

}
