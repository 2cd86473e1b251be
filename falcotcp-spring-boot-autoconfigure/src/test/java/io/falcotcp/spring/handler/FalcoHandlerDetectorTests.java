package io.falcotcp.spring.handler;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.spring.codec.PayloadCodecs;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoHandlerDetectorTests {

    private final FalcoHandlerRegistry registry = new FalcoHandlerRegistry(ObservationRegistry.NOOP);

    @Test
    void methodsOfPlainBeansAreRegistered() throws Exception {
        detect(new Greeter());
        assertThat(this.registry.routes()).containsExactly("greet", "quick");
        assertThat(this.registry.handle(bytes("Ada"), new TestRequestContext("greet")).toCompletableFuture().join())
            .asString()
            .isEqualTo("Hello Ada");
    }

    @Test
    void methodsOfClassProxiesAreCalledThroughTheProxy() throws Exception {
        AtomicInteger intercepted = new AtomicInteger();
        ProxyFactory factory = new ProxyFactory(new Greeter());
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) (invocation) -> {
            intercepted.incrementAndGet();
            return invocation.proceed();
        });
        detect(factory.getProxy());
        assertThat(this.registry.handle(bytes("Ada"), new TestRequestContext("greet")).toCompletableFuture().join())
            .asString()
            .isEqualTo("Hello Ada");
        assertThat(intercepted).hasValue(1);
    }

    @Test
    void blockingAttributeDecidesWhereTheMethodRuns() {
        detect(new Greeter());
        assertThat(this.registry.blocks(bytes("Ada"), new TestRequestContext("greet"))).isTrue();
        assertThat(this.registry.blocks(bytes("Ada"), new TestRequestContext("quick"))).isFalse();
    }

    @Test
    void contextWithoutHandlerMethodsRegistersNothing() {
        detect(new Object());
        assertThat(this.registry.isEmpty()).isTrue();
    }

    private void detect(Object bean) {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean("bean", Object.class, () -> bean);
            context.refresh();
            new FalcoHandlerDetector(context.getBeanFactory(), this.registry,
                    new PayloadCodecs(JsonMapper.shared())).afterSingletonsInstantiated();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static class Greeter {

        @FalcoHandler("greet")
        public String greet(String name) {
            return "Hello " + name;
        }

        @FalcoHandler(route = "quick", blocking = false)
        public String quick(String name) {
            return "Hi " + name;
        }

    }

}
