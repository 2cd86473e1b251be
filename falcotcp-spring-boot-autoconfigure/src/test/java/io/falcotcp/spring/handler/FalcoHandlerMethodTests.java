package io.falcotcp.spring.handler;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import io.falcotcp.spring.codec.PayloadCodecs;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FalcoHandlerMethodTests {

    private final PayloadCodecs codecs = new PayloadCodecs(JsonMapper.shared());

    private final Handlers handlers = new Handlers();

    @Test
    void bytesParameterAndResultPassThrough() throws Exception {
        assertThat(invoke("echo", "hi".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("hi");
    }

    @Test
    void stringParameterIsUtf8AndContextIsTheRequestContext() throws Exception {
        assertThat(invoke("greet", "Zoë".getBytes(StandardCharsets.UTF_8))).asString(StandardCharsets.UTF_8)
            .isEqualTo("Hello Zoë from connection 42");
    }

    @Test
    void byteBufferParameterAndResultCoverTheBody() throws Exception {
        assertThat(invoke("reverse", new byte[] { 1, 2, 3 })).containsExactly(3, 2, 1);
    }

    @Test
    void jsonParameterAndResultUseTheMapper() throws Exception {
        byte[] response = invoke("place", "{\"item\":\"book\",\"quantity\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(response).asString().isEqualTo("{\"item\":\"book\",\"quantity\":2,\"status\":\"PLACED\"}");
    }

    @Test
    void genericJsonParameterKeepsItsElementType() throws Exception {
        byte[] response = invoke("count", "[{\"item\":\"a\",\"quantity\":2},{\"item\":\"b\",\"quantity\":3}]"
            .getBytes(StandardCharsets.UTF_8));
        assertThat(response).asString().isEqualTo("5");
    }

    @Test
    void voidMethodAnswersTheEmptyBody() throws Exception {
        assertThat(invoke("accept", new byte[] { 1 })).isEmpty();
        assertThat(this.handlers.accepted).containsExactly(1);
    }

    @Test
    void completionStageIsNotAwaitedAndItsValueIsEncodedWhenItCompletes() throws Exception {
        CompletableFuture<byte[]> response = create("later").invokeAsync("x".getBytes(StandardCharsets.UTF_8),
                TestRequestContext.PLAIN_V1).toCompletableFuture();
        assertThat(response).isNotDone();
        this.handlers.later.complete("done");
        assertThat(response.get(5, TimeUnit.SECONDS)).asString().isEqualTo("x done");
    }

    @Test
    void failedCompletionStageFailsWithItsCause() throws Exception {
        CompletableFuture<byte[]> response = create("failLater").invokeAsync(new byte[0], TestRequestContext.PLAIN_V1)
            .toCompletableFuture();
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> response.get(5, TimeUnit.SECONDS))
            .havingRootCause().isInstanceOf(IllegalStateException.class).withMessage("no stock");
    }

    @Test
    void asynchronousMethodCannotBeInvokedSynchronously() {
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> invoke("later", new byte[0]))
            .withMessageContaining("Handlers#later(String) returns a CompletionStage");
    }

    @Test
    void synchronousMethodInvokedAsynchronouslyIsCompletedAtOnce() throws Exception {
        assertThat(create("echo").invokeAsync(new byte[] { 7 }, TestRequestContext.PLAIN_V1).toCompletableFuture()
            .getNow(null)).containsExactly(7);
    }

    @Test
    void synchronousMethodBlocksUnlessDeclaredNotTo() {
        assertThat(create("echo").isBlocking()).isTrue();
        assertThat(create("echo", false).isBlocking()).isFalse();
    }

    @Test
    void asynchronousMethodNeverBlocks() {
        FalcoHandlerMethod later = create("later", true);
        assertThat(later.isAsync()).isTrue();
        assertThat(later.isBlocking()).isFalse();
    }

    @Test
    void exceptionOfTheMethodIsThrownUnwrapped() {
        assertThatExceptionOfType(FalcoRequestException.class).isThrownBy(() -> invoke("refuse", new byte[0]))
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.BAD_REQUEST));
    }

    @Test
    void undecodableJsonIsABadRequest() {
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> invoke("place", "{not json".getBytes(StandardCharsets.UTF_8)))
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.BAD_REQUEST))
            .withMessageContaining("Order");
    }

    @Test
    void twoBodyParametersFailNamingTheMethod() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class).isThrownBy(() -> create("twoBodies"))
            .withMessageContaining("Handlers#twoBodies(String, byte[])")
            .withMessageContaining("more than one body parameter");
    }

    @Test
    void primitiveParameterFailsNamingTheMethod() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class).isThrownBy(() -> create("primitive"))
            .withMessageContaining("Handlers#primitive(int)");
    }

    @Test
    void primitiveResultFailsNamingTheMethod() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class).isThrownBy(() -> create("size"))
            .withMessageContaining("Handlers#size(byte[]) returns int");
    }

    private byte[] invoke(String name, byte[] request) throws Exception {
        return create(name).invoke(request, TestRequestContext.PLAIN_V1);
    }

    private FalcoHandlerMethod create(String name) {
        return create(name, true);
    }

    private FalcoHandlerMethod create(String name, boolean blocking) {
        Method method = ReflectionUtils.findMethod(Handlers.class, name, (Class<?>[]) null);
        assertThat(method).isNotNull();
        return FalcoHandlerMethod.create(this.handlers, method, "", blocking, this.codecs, null,
                FalcoHandlerExceptionResolver.NONE);
    }

    record Order(String item, int quantity) {
    }

    record PlacedOrder(String item, int quantity, String status) {
    }

    static class Handlers {

        final List<Integer> accepted = new ArrayList<>();

        final CompletableFuture<String> later = new CompletableFuture<>();

        byte[] echo(byte[] request) {
            return request;
        }

        String greet(String name, RequestContext context) {
            return "Hello " + name + " from connection " + context.connectionId();
        }

        ByteBuffer reverse(ByteBuffer request) {
            byte[] reversed = new byte[request.remaining()];
            for (int i = reversed.length - 1; i >= 0; i--) {
                reversed[i] = request.get();
            }
            return ByteBuffer.wrap(reversed);
        }

        PlacedOrder place(Order order) {
            return new PlacedOrder(order.item(), order.quantity(), "PLACED");
        }

        Integer count(List<Order> orders) {
            return orders.stream().mapToInt(Order::quantity).sum();
        }

        void accept(byte[] request) {
            this.accepted.add((int) request[0]);
        }

        CompletionStage<String> later(String request) {
            return this.later.thenApply((value) -> request + " " + value);
        }

        CompletableFuture<byte[]> failLater() {
            return CompletableFuture.failedFuture(new IllegalStateException("no stock"));
        }

        byte[] refuse() {
            throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "refused");
        }

        String twoBodies(String first, byte[] second) {
            return first;
        }

        String primitive(int value) {
            return "x";
        }

        int size(byte[] request) {
            return request.length;
        }

    }

}
