package io.falcotcp.spring.handler;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.spring.codec.PayloadCodecs;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.annotation.AliasFor;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FalcoHandlerDetectorTests {

    private final FalcoHandlerRegistry registry = new FalcoHandlerRegistry();

    private final FalcoHandlerRouter router = new FalcoHandlerRouter(this.registry, List.of());

    @Test
    void methodsOfPlainBeansAreRegistered() throws Exception {
        detect(new Greeter());
        assertThat(this.registry.routes()).containsExactly("greet", "quick");
        assertThat(this.router.handle(bytes("Ada"), new TestRequestContext("greet")).toCompletableFuture().join())
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
        assertThat(this.router.handle(bytes("Ada"), new TestRequestContext("greet")).toCompletableFuture().join())
            .asString()
            .isEqualTo("Hello Ada");
        assertThat(intercepted).hasValue(1);
    }

    @Test
    void blockingAttributeDecidesWhereTheMethodRuns() {
        detect(new Greeter());
        assertThat(this.router.blocks(bytes("Ada"), new TestRequestContext("greet"))).isTrue();
        assertThat(this.router.blocks(bytes("Ada"), new TestRequestContext("quick"))).isFalse();
    }

    @Test
    void contextWithoutHandlerMethodsRegistersNothing() {
        detect(new Object());
        assertThat(this.registry.isEmpty()).isTrue();
    }

    @Test
    void routeOfAClassPrefixesTheRoutesOfItsMethods() {
        detect(new OrderRoutes());
        assertThat(this.registry.routes()).containsExactly("orders", "orders.create");
        assertThat(answer("orders.create", "Ada")).isEqualTo("created for Ada");
        assertThat(answer("orders", "Ada")).isEqualTo("orders of Ada");
    }

    @Test
    void composedAnnotationDeclaresAHandlerWithItsAttributes() {
        detect(new ComposedRoutes());
        assertThat(this.registry.routes()).containsExactly("quick.ping");
        assertThat(this.router.blocks(bytes("x"), new TestRequestContext("quick.ping"))).isFalse();
        assertThat(answer("quick.ping", "x")).isEqualTo("pong x");
    }

    @Test
    void placeholdersInRoutesAndPrefixesAreResolvedWithTheEnvironment() {
        detect(Map.of("orders.prefix", "shop.orders", "orders.create-route", "make"), PlaceholderRoutes.class);
        assertThat(this.registry.routes()).containsExactly("shop.orders.make", "shop.orders.view");
    }

    @Test
    void unresolvablePlaceholderFailsNamingTheMethodAndTheProperty() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> detect(Map.of("orders.prefix", "shop"), PlaceholderRoutes.class))
            .withMessageContaining("PlaceholderRoutes#create(String)")
            .withMessageContaining("orders.create-route");
    }

    @Test
    void nonBlockingClassFailsNamingTheClass() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> detect(new NonBlockingClass()))
            .withMessageContaining("class NonBlockingClass")
            .withMessageContaining("blocking = false");
    }

    @Test
    void routeLongerThanTheProtocolAllowsFailsNamingTheMethod() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> detect(Map.of("orders.prefix", "p".repeat(250), "orders.create-route", "create"),
                    PlaceholderRoutes.class))
            .withMessageContaining("PlaceholderRoutes#")
            .withMessageContaining("at most 255 bytes");
    }

    @Test
    void exceptionHandlersOfTheHandlersOwnClassComeBeforeTheAdvice() throws Exception {
        detect(Map.of(), OwnMappings.class, FirstAdvice.class);
        assertThat(failure("own")).hasMessage("own: own");
        assertThat(failure("advised")).hasMessage("first advice: advised");
    }

    @Test
    void adviceAndExceptionHandlerBeansAreAskedInTheOrderOfTheirClassesAndBeanMethods() throws Exception {
        detect(Map.of(), ThrowingHandler.class, SecondAdvice.class, OrderedExceptionHandlers.class,
                FirstAdvice.class);
        // @Order(1) bean method, then @Order(2) advice class, then @Order(3) bean method, then @Order(4) advice class
        assertThat(failure("advised")).hasMessage("bean method 1: advised");
        assertThat(failure("second")).hasMessage("second advice: second");
        assertThat(failure("third")).hasMessage("bean method 3: third");
    }

    private String answer(String route, String body) {
        return new String(this.router.handle(bytes(body), new TestRequestContext(route)).toCompletableFuture()
            .join(), StandardCharsets.UTF_8);
    }

    private Throwable failure(String body) throws Exception {
        try {
            this.router.handle(bytes(body), new TestRequestContext("fail")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            return ex.getCause();
        }
        throw new AssertionError("the request did not fail");
    }

    private void detect(Map<String, Object> properties, Class<?>... components) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
            context.register(components);
            context.refresh();
            new FalcoHandlerDetector(context.getBeanFactory(), context.getEnvironment(), this.registry,
                    new PayloadCodecs(JsonMapper.shared()), null).afterSingletonsInstantiated();
        }
    }

    private void detect(Object bean) {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean("bean", Object.class, () -> bean);
            context.refresh();
            new FalcoHandlerDetector(context.getBeanFactory(), context.getEnvironment(), this.registry,
                    new PayloadCodecs(JsonMapper.shared()), null).afterSingletonsInstantiated();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @FalcoHandler("orders")
    static class OrderRoutes {

        @FalcoHandler("create")
        public String create(String name) {
            return "created for " + name;
        }

        @FalcoHandler
        public String list(String name) {
            return "orders of " + name;
        }

    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @FalcoHandler(blocking = false)
    @interface QuickRoute {

        @AliasFor(annotation = FalcoHandler.class, attribute = "route")
        String value();

    }

    static class ComposedRoutes {

        @QuickRoute("quick.ping")
        public String ping(String text) {
            return "pong " + text;
        }

    }

    @FalcoHandler("${orders.prefix}")
    static class PlaceholderRoutes {

        @FalcoHandler("${orders.create-route}")
        public String create(String name) {
            return name;
        }

        @FalcoHandler("${orders.view-route:view}")
        public String view(String name) {
            return name;
        }

    }

    @FalcoHandler(route = "quick", blocking = false)
    static class NonBlockingClass {

        @FalcoHandler("ping")
        public String ping(String text) {
            return text;
        }

    }

    static class ThrowingHandler {

        @FalcoHandler("fail")
        public String fail(String kind) {
            throw switch (kind) {
                case "own" -> new IllegalStateException(kind);
                case "second" -> new UnsupportedOperationException(kind);
                case "third" -> new ArithmeticException(kind);
                default -> new IllegalArgumentException(kind);
            };
        }

    }

    static class OwnMappings extends ThrowingHandler {

        @FalcoExceptionHandler(status = RequestStatus.BAD_REQUEST)
        String own(IllegalStateException ex) {
            return "own: " + ex.getMessage();
        }

    }

    @FalcoAdvice
    @Order(4)
    static class FirstAdvice {

        @FalcoExceptionHandler(status = RequestStatus.BAD_REQUEST)
        String any(RuntimeException ex) {
            return "first advice: " + ex.getMessage();
        }

    }

    @FalcoAdvice
    @Order(2)
    static class SecondAdvice {

        @FalcoExceptionHandler(status = RequestStatus.BAD_REQUEST)
        String unsupported(UnsupportedOperationException ex) {
            return "second advice: " + ex.getMessage();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedExceptionHandlers {

        @Bean
        @Order(3)
        io.falcotcp.spring.handler.exception.FalcoExceptionHandler third() {
            return answering("bean method 3", ArithmeticException.class);
        }

        @Bean
        @Order(1)
        io.falcotcp.spring.handler.exception.FalcoExceptionHandler first() {
            return answering("bean method 1", IllegalArgumentException.class);
        }

        private static io.falcotcp.spring.handler.exception.FalcoExceptionHandler answering(String name,
                Class<? extends Throwable> type) {
            return (exception, context) -> type.isInstance(exception)
                    ? new FalcoRequestException(RequestStatus.BAD_REQUEST, name + ": " + exception.getMessage())
                    : null;
        }

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
