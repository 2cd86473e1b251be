package io.falcotcp.spring.handler;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.falcotcp.server.RequestContext;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

class FalcoHandlerReflectiveProcessorTests {

    private final RuntimeHints hints = new RuntimeHints();

    FalcoHandlerReflectiveProcessorTests() {
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, OrderHandlers.class);
    }

    @Test
    void handlerMethodsAreRegisteredForInvocation() {
        assertThat(reflection().onMethodInvocation(OrderHandlers.class, "create")).accepts(this.hints);
        assertThat(reflection().onMethodInvocation(OrderHandlers.class, "stock")).accepts(this.hints);
        assertThat(reflection().onMethodInvocation(OrderHandlers.class, "echo")).accepts(this.hints);
    }

    @Test
    void methodsWithoutTheAnnotationAreNotRegistered() {
        assertThat(reflection().onMethodInvocation(OrderHandlers.class, "helper")).rejects(this.hints);
        assertThat(reflection().onType(Ignored.class)).rejects(this.hints);
    }

    @Test
    void jsonBodyAndResultTypesAreRegisteredForBinding() {
        assertThat(reflection().onType(Order.class)).accepts(this.hints);
        assertThat(reflection().onMethodInvocation(Order.class, "customerId")).accepts(this.hints);
        assertThat(reflection().onType(Confirmation.class)).accepts(this.hints);
        assertThat(reflection().onMethodInvocation(Confirmation.class, "orderId")).accepts(this.hints);
    }

    @Test
    void typesNestedInABodyAreRegisteredForBinding() {
        assertThat(reflection().onMethodInvocation(Line.class, "sku")).accepts(this.hints);
    }

    @Test
    void theElementsOfAGenericBodyAreRegisteredForBinding() {
        assertThat(reflection().onMethodInvocation(Batch.class, "size")).accepts(this.hints);
    }

    @Test
    void theValueOfACompletionStageIsRegisteredAndNotTheStage() {
        assertThat(reflection().onMethodInvocation(StockLevel.class, "available")).accepts(this.hints);
        assertThat(reflection().onType(CompletableFuture.class)).rejects(this.hints);
    }

    @Test
    void bytesBuffersAndTheRequestContextNeedNoHints() {
        assertThat(reflection().onType(RequestContext.class)).rejects(this.hints);
        assertThat(reflection().onType(ByteBuffer.class)).rejects(this.hints);
        assertThat(reflection().onType(byte[].class)).rejects(this.hints);
    }

    static class OrderHandlers {

        @FalcoHandler("orders.create")
        Confirmation create(Order order, RequestContext context) {
            return new Confirmation("o-1");
        }

        @FalcoHandler("inventory.stock")
        CompletableFuture<StockLevel> stock(String sku) {
            return CompletableFuture.completedFuture(new StockLevel(sku, 1));
        }

        @FalcoHandler
        ByteBuffer echo(byte[] request) {
            return ByteBuffer.wrap(request);
        }

        @FalcoHandler("batches.count")
        String count(List<Batch> batches) {
            return String.valueOf(batches.size());
        }

        Ignored helper(Ignored value) {
            return value;
        }

    }

    record Order(String customerId, List<Line> lines) {
    }

    record Line(String sku, int quantity) {
    }

    record Confirmation(String orderId) {
    }

    record StockLevel(String sku, int available) {
    }

    record Batch(int size) {
    }

    record Ignored(String value) {
    }

}
