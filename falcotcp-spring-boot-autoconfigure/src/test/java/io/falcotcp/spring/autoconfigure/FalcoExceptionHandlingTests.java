package io.falcotcp.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.handler.FalcoAdvice;
import io.falcotcp.spring.handler.FalcoExceptionHandler;
import io.falcotcp.spring.handler.FalcoHandler;
import io.falcotcp.spring.handler.InvalidFalcoHandlerException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Exception handlers and advice over the wire: what a real client receives when a handler fails.
 */
class FalcoExceptionHandlingTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private static final String SECRET = "jdbc:postgresql://db.internal/orders?password=hunter2";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoServerAutoConfiguration.class))
        .withPropertyValues("falco.server.port=0", "falco.server.host=127.0.0.1", "falco.server.key=" + KEY,
                "falco.server.crypto-warm-up=false");

    @Test
    void adviceMapsADomainExceptionToItsStatusAndMessage() {
        this.runner.withUserConfiguration(OrderHandlers.class, OrderAdvice.class).run(withClient((client) -> {
            assertThat(failure(client, "orders.get", "o-404")).satisfies((ex) -> {
                assertThat(ex.status()).isEqualTo(RequestStatus.BAD_REQUEST);
                assertThat(ex.getMessage()).endsWith("for route 'orders.get': no order o-404");
            });
        }));
    }

    @Test
    void nonBlockingAndAsynchronousHandlersAreMappedTheSameWay() {
        this.runner.withUserConfiguration(OrderHandlers.class, OrderAdvice.class).run(withClient((client) -> {
            assertThat(failure(client, "orders.quick", "o-1").getMessage()).endsWith(": no order o-1");
            assertThat(failure(client, "orders.later", "o-2").getMessage()).endsWith(": no order o-2");
        }));
    }

    @Test
    void handlersOwnClassIsAskedBeforeTheAdvice() {
        this.runner.withUserConfiguration(SelfMappingHandlers.class, OrderAdvice.class).run(withClient((client) -> {
            assertThat(failure(client, "self.get", "o-9")).satisfies((ex) -> {
                assertThat(ex.status()).isEqualTo(RequestStatus.UNKNOWN_ROUTE);
                assertThat(ex.getMessage()).endsWith(": o-9 is not here");
            });
        }));
    }

    @Test
    void exceptionHandlerBeansAndAdviceAreAskedInOrder() {
        this.runner.withUserConfiguration(OrderHandlers.class, OrderAdvice.class, CatchAllAdvice.class,
                FirstExceptionHandler.class)
            .run(withClient((client) -> {
                // FirstExceptionHandler (@Order(-10) on its @Bean method) before OrderAdvice (@Order(0) on its
                // class) before CatchAllAdvice (@Order(10))
                assertThat(failure(client, "orders.get", "o-1").getMessage()).endsWith(": first: o-1");
                assertThat(failure(client, "orders.broken", "x").getMessage()).endsWith(": catch-all");
            }));
    }

    @Test
    void unmappedExceptionSendsOnlyTheGenericMessage() {
        this.runner.withUserConfiguration(OrderHandlers.class, OrderAdvice.class).run(withClient((client) -> {
            for (String route : new String[] { "orders.broken", "orders.broken-later" }) {
                FalcoRemoteException ex = failure(client, route, "x");
                assertThat(ex.status()).isEqualTo(RequestStatus.HANDLER_ERROR);
                // the client's message ends with the server's message as it came off the wire
                assertThat(ex.getMessage()).endsWith("for route '" + route + "': the handler failed")
                    .doesNotContain("hunter2")
                    .doesNotContain("IllegalStateException")
                    .doesNotContain("\tat ");
                assertThat(ex).hasNoCause();
            }
        }));
    }

    @Test
    void plainV1ClientReceivesTheEmptyResponseForAMappedOrUnmappedFailure() {
        this.runner.withUserConfiguration(OrderHandlers.class, OrderAdvice.class).run((context) -> {
            FalcoServer server = context.getBean(FalcoServer.class);
            try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                .key(FalcoKey.parse(KEY)).mode(ClientMode.V1).cryptoWarmUp(false).build()) {
                for (String body : new String[] { "o-404", "broken" }) {
                    assertThatExceptionOfType(FalcoRemoteException.class)
                        .isThrownBy(() -> client.request(body.getBytes(StandardCharsets.UTF_8)))
                        .satisfies((ex) -> assertThat(ex.status()).isNull())
                        .satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("hunter2"));
                }
            }
        });
    }

    @Test
    void badExceptionHandlerSignatureFailsStartUpNamingTheMethod() {
        this.runner.withUserConfiguration(OrderHandlers.class, BrokenAdvice.class)
            .run((context) -> assertThat(context.getStartupFailure())
                .isInstanceOf(InvalidFalcoHandlerException.class)
                .hasMessageContaining("BrokenAdvice#handle(NoSuchOrderException, String)"));
    }

    private static FalcoRemoteException failure(FalcoTcpClient client, String route, String body) {
        try {
            client.request(route, body.getBytes(StandardCharsets.UTF_8));
        }
        catch (FalcoRemoteException ex) {
            return ex;
        }
        throw new AssertionError("route " + route + " did not fail");
    }

    private static ContextConsumer<AssertableApplicationContext> withClient(Consumer<FalcoTcpClient> test) {
        return (context) -> {
            assertThat(context).hasNotFailed();
            FalcoServer server = context.getBean(FalcoServer.class);
            try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                .key(FalcoKey.parse(KEY)).cryptoWarmUp(false).build()) {
                test.accept(client);
            }
        };
    }

    static class NoSuchOrderException extends RuntimeException {

        final String orderId;

        NoSuchOrderException(String orderId) {
            super("SELECT * FROM orders WHERE id = '" + orderId + "' found nothing at " + SECRET);
            this.orderId = orderId;
        }

    }

    /** A subclass: the advice's mapping of its superclass answers it. */
    static class ArchivedOrderException extends NoSuchOrderException {

        ArchivedOrderException(String orderId) {
            super(orderId);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OrderHandlers {

        @FalcoHandler
        String echo(String body) {
            if (body.equals("broken")) {
                throw new IllegalStateException("connection refused: " + SECRET);
            }
            throw new NoSuchOrderException(body);
        }

        @FalcoHandler("orders.get")
        String get(String orderId) {
            throw new ArchivedOrderException(orderId);
        }

        @FalcoHandler(route = "orders.quick", blocking = false)
        String quick(String orderId) {
            throw new NoSuchOrderException(orderId);
        }

        @FalcoHandler("orders.later")
        CompletionStage<String> later(String orderId) {
            return CompletableFuture.supplyAsync(() -> {
                throw new NoSuchOrderException(orderId);
            });
        }

        @FalcoHandler("orders.broken")
        String broken() {
            throw new IllegalStateException("connection refused: " + SECRET);
        }

        @FalcoHandler("orders.broken-later")
        CompletableFuture<String> brokenLater() {
            return CompletableFuture.failedFuture(new IllegalStateException("connection refused: " + SECRET));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class SelfMappingHandlers {

        @FalcoHandler("self.get")
        String get(String orderId) {
            throw new NoSuchOrderException(orderId);
        }

        @FalcoExceptionHandler(status = RequestStatus.UNKNOWN_ROUTE)
        String notHere(NoSuchOrderException ex) {
            return ex.orderId + " is not here";
        }

    }

    @FalcoAdvice
    @Order(0)
    static class OrderAdvice {

        @FalcoExceptionHandler(status = RequestStatus.BAD_REQUEST)
        String noSuchOrder(NoSuchOrderException ex) {
            return "no order " + ex.orderId;
        }

    }

    @FalcoAdvice
    @Order(10)
    static class CatchAllAdvice {

        @FalcoExceptionHandler(value = Exception.class, status = RequestStatus.HANDLER_ERROR, message = "catch-all")
        void any() {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class FirstExceptionHandler {

        @Bean
        @Order(-10)
        io.falcotcp.spring.handler.exception.FalcoExceptionHandler firstExceptionHandler() {
            return (exception, context) -> (exception instanceof NoSuchOrderException noSuchOrder)
                    ? new FalcoRequestException(RequestStatus.BAD_REQUEST, "first: " + noSuchOrder.orderId) : null;
        }

    }

    @FalcoAdvice
    static class BrokenAdvice {

        @FalcoExceptionHandler
        String handle(NoSuchOrderException ex, String extra) {
            return extra;
        }

    }

}
