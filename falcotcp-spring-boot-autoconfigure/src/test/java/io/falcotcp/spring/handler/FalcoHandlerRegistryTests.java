package io.falcotcp.spring.handler;

import java.lang.reflect.Method;

import io.falcotcp.spring.codec.PayloadCodecs;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FalcoHandlerRegistryTests {

    private final FalcoHandlerRegistry registry = new FalcoHandlerRegistry();

    private final FalcoHandlerRouterTests.Handlers handlers = new FalcoHandlerRouterTests.Handlers(
            ObservationRegistry.NOOP);

    @Test
    void methodsAreFoundByTheirRouteAndTheDefaultHandlerByNone() {
        assertThat(this.registry.isEmpty()).isTrue();
        register("echo", "");
        register("shout", "text.shout");
        assertThat(this.registry.find(null)).hasToString("Handlers#echo(byte[])");
        assertThat(this.registry.find("text.shout")).hasToString("Handlers#shout(String)");
        assertThat(this.registry.find("text.whisper")).isNull();
        assertThat(this.registry.routes()).containsExactly("text.shout");
        assertThat(this.registry.hasDefaultHandler()).isTrue();
        assertThat(this.registry.isEmpty()).isFalse();
    }

    @Test
    void duplicateRouteFailsNamingBothMethods() {
        register("shout", "text.shout");
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> register("echo", "text.shout"))
            .withMessageContaining("route 'text.shout'")
            .withMessageContaining("Handlers#shout(String)")
            .withMessageContaining("Handlers#echo(byte[])");
    }

    @Test
    void twoDefaultHandlersFailNamingBothMethods() {
        register("echo", "");
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> register("shout", ""))
            .withMessageContaining("the default handler")
            .withMessageContaining("Handlers#echo(byte[])")
            .withMessageContaining("Handlers#shout(String)");
    }

    private void register(String methodName, String route) {
        Method method = ReflectionUtils.findMethod(FalcoHandlerRouterTests.Handlers.class, methodName,
                (Class<?>[]) null);
        assertThat(method).isNotNull();
        this.registry.register(FalcoHandlerMethod.create(this.handlers, method, route, true,
                new PayloadCodecs(JsonMapper.shared()), null, FalcoHandlerExceptionResolver.NONE));
    }

}
