package io.falcotcp.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.handler.FalcoHandler;
import io.falcotcp.spring.handler.FalcoHandlerRegistry;
import io.falcotcp.spring.handler.InvalidFalcoHandlerException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The handler model over the wire: class-level route prefixes, placeholders in routes and validated bodies.
 */
class FalcoHandlerModelTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoServerAutoConfiguration.class, ValidationAutoConfiguration.class))
        .withPropertyValues("falco.server.port=0", "falco.server.host=127.0.0.1", "falco.server.key=" + KEY,
                "falco.server.crypto-warm-up=false");

    @Test
    void classPrefixAndPlaceholdersMakeTheRoutesClientsName() {
        this.runner.withUserConfiguration(OrderHandlers.class)
            .withPropertyValues("shop.orders.route=orders")
            .run((context) -> {
                assertThat(context.getBean(FalcoHandlerRegistry.class).routes()).containsExactly("shop.orders",
                        "shop.orders.place");
                try (FalcoTcpClient client = client(context.getBean(FalcoServer.class))) {
                    assertThat(client.request("shop.orders", bytes("{\"customerId\":\"c-1\"}"))).asString()
                        .isEqualTo("orders of c-1");
                }
            });
    }

    @Test
    void validBodyReachesTheMethod() {
        this.runner.withUserConfiguration(OrderHandlers.class)
            .withPropertyValues("shop.orders.route=orders")
            .run((context) -> {
                try (FalcoTcpClient client = client(context.getBean(FalcoServer.class))) {
                    assertThat(client.request("shop.orders.place",
                            bytes("{\"customerId\":\"c-1\",\"lines\":[{\"sku\":\"BOOK-1\",\"quantity\":2}]}")))
                        .asString()
                        .isEqualTo("placed 1 line(s) for c-1");
                }
            });
    }

    @Test
    void invalidBodyIsABadRequestNamingTheViolatedConstraintsButNotTheValues() {
        this.runner.withUserConfiguration(OrderHandlers.class)
            .withPropertyValues("shop.orders.route=orders")
            .run((context) -> {
                assertThat(context.getBean(OrderHandlers.class).placed).isZero();
                try (FalcoTcpClient client = client(context.getBean(FalcoServer.class))) {
                    assertThatExceptionOfType(FalcoRemoteException.class)
                        .isThrownBy(() -> client.request("shop.orders.place",
                                bytes("{\"customerId\":\" \",\"lines\":[{\"sku\":\"s3cr3t-sku\",\"quantity\":-5}]}")))
                        .satisfies((ex) -> assertThat(ex.status()).isEqualTo(RequestStatus.BAD_REQUEST))
                        .satisfies((ex) -> assertThat(ex.getMessage()).contains("invalid PlaceOrder: ")
                            .contains("customerId ")
                            .contains("lines[0].quantity ")
                            .doesNotContain("s3cr3t-sku")
                            .doesNotContain("-5"));
                }
                assertThat(context.getBean(OrderHandlers.class).placed).isZero();
            });
    }

    @Test
    void validatedBodyWithoutAValidatorFailsStartUpNamingTheMethod() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                    FalcoServerAutoConfiguration.class))
            .withPropertyValues("falco.server.port=0", "falco.server.key=" + KEY, "shop.orders.route=orders")
            .withUserConfiguration(OrderHandlers.class)
            .run((context) -> assertThat(context.getStartupFailure())
                .isInstanceOf(InvalidFalcoHandlerException.class)
                .hasMessageContaining("OrderHandlers#place(PlaceOrder)")
                .hasMessageContaining("spring-boot-starter-validation"));
    }

    @Test
    void unresolvablePlaceholderFailsStartUpNamingTheClass() {
        this.runner.withUserConfiguration(OrderHandlers.class)
            .run((context) -> assertThat(context.getStartupFailure())
                .isInstanceOf(InvalidFalcoHandlerException.class)
                .hasMessageContaining("class OrderHandlers")
                .hasMessageContaining("shop.orders.route"));
    }

    private static FalcoTcpClient client(FalcoServer server) {
        return FalcoTcpClient.builder().host("127.0.0.1").port(server.port()).key(FalcoKey.parse(KEY))
            .cryptoWarmUp(false).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    record PlaceOrder(@NotBlank String customerId, @NotEmpty List<@Valid Line> lines) {
    }

    record Line(@NotBlank String sku, @Positive int quantity) {
    }

    record Customer(String customerId) {
    }

    @Configuration(proxyBeanMethods = false)
    @FalcoHandler("shop.${shop.orders.route}")
    static class OrderHandlers {

        volatile int placed;

        @FalcoHandler
        String list(Customer customer) {
            return "orders of " + customer.customerId();
        }

        @FalcoHandler("place")
        String place(@Valid PlaceOrder order) {
            this.placed++;
            return "placed " + order.lines().size() + " line(s) for " + order.customerId();
        }

    }

}
