package io.falcotcp.spring.handler;

import java.io.FileNotFoundException;
import java.io.IOException;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ExceptionHandlerMethodsTests {

    private final RequestContext context = new TestRequestContext("orders.get");

    @Test
    void mostSpecificMappedTypeWins() {
        ExceptionHandlerMethods methods = ExceptionHandlerMethods.of(new Mappings());
        assertThat(methods.handleException(new FileNotFoundException("orders.csv"), this.context))
            .satisfies((answer) -> assertThat(answer.getStatus()).isEqualTo(RequestStatus.BAD_REQUEST))
            .hasMessage("no such file");
        assertThat(methods.handleException(new IOException("disk"), this.context))
            .satisfies((answer) -> assertThat(answer.getStatus()).isEqualTo(RequestStatus.OVERLOADED))
            .hasMessage("storage busy");
    }

    @Test
    void subclassOfAMappedTypeIsAnsweredByItsClosestSuperclassMapping() {
        ExceptionHandlerMethods methods = ExceptionHandlerMethods.of(new Mappings());
        assertThat(methods.handleException(new OrderMissingException("o-7"), this.context))
            .satisfies((answer) -> assertThat(answer.getStatus()).isEqualTo(RequestStatus.BAD_REQUEST))
            .hasMessage("no order o-7 for route orders.get");
    }

    @Test
    void unmappedExceptionIsLeftToTheNextHandler() {
        assertThat(ExceptionHandlerMethods.of(new Mappings())
            .handleException(new IllegalStateException("bug"), this.context)).isNull();
    }

    @Test
    void voidMethodWithoutMessageAnswersTheStatusGenericMessage() {
        assertThat(ExceptionHandlerMethods.of(new Mappings())
            .handleException(new UnsupportedOperationException("internal detail"), this.context))
            .satisfies((answer) -> assertThat(answer.getStatus()).isEqualTo(RequestStatus.BAD_REQUEST))
            .hasMessage("bad request");
    }

    @Test
    void methodReturningNullRefusalLeavesTheExceptionToTheNextHandler() {
        ExceptionHandlerMethods methods = ExceptionHandlerMethods.of(new Mappings());
        assertThat(methods.handleException(new IllegalArgumentException("keep"), this.context))
            .hasMessage("refused: keep");
        assertThat(methods.handleException(new IllegalArgumentException("pass"), this.context)).isNull();
    }

    @Test
    void beanWithoutMethodsIsEmpty() {
        assertThat(ExceptionHandlerMethods.of(new Object()).isEmpty()).isTrue();
    }

    @Test
    void exceptionHandlerMethodsAreInvocableInAnAotProcessedApplication() {
        RuntimeHints hints = new RuntimeHints();
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, Mappings.class);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Mappings.class, "missingOrder"))
            .accepts(hints);
    }

    @Test
    void methodMappingNoTypeFailsNamingIt() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> ExceptionHandlerMethods.of(new NoType()))
            .withMessageContaining("NoType#handle()")
            .withMessageContaining("maps no exception type");
    }

    @Test
    void parameterThatCannotReceiveAMappedTypeFailsNamingTheMethod() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> ExceptionHandlerMethods.of(new NarrowParameter()))
            .withMessageContaining("NarrowParameter#handle(FileNotFoundException)")
            .withMessageContaining("maps IOException");
    }

    @Test
    void unsupportedParameterFailsNamingTheMethod() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> ExceptionHandlerMethods.of(new ExtraParameter()))
            .withMessageContaining("ExtraParameter#handle(IOException, String)");
    }

    @Test
    void unsupportedReturnTypeFailsNamingTheMethod() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> ExceptionHandlerMethods.of(new IntegerAnswer()))
            .withMessageContaining("IntegerAnswer#handle(IOException)")
            .withMessageContaining("returns Integer");
    }

    @Test
    void okStatusFailsNamingTheMethod() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> ExceptionHandlerMethods.of(new OkStatus()))
            .withMessageContaining("OkStatus#handle(IOException)")
            .withMessageContaining("status OK");
    }

    @Test
    void statusBesideARefusalReturnTypeFailsNamingTheMethod() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> ExceptionHandlerMethods.of(new StatusAndRefusal()))
            .withMessageContaining("StatusAndRefusal#handle(IOException)")
            .withMessageContaining("carries its own status");
    }

    @Test
    void twoMethodsMappingOneTypeFailNamingBoth() {
        assertThatExceptionOfType(InvalidFalcoHandlerException.class)
            .isThrownBy(() -> ExceptionHandlerMethods.of(new Ambiguous()))
            .withMessageContaining("map IOException")
            .withMessageContaining("Ambiguous#first(IOException)")
            .withMessageContaining("Ambiguous#second()");
    }

    static class OrderMissingException extends NoSuchOrderException {

        OrderMissingException(String orderId) {
            super(orderId);
        }

    }

    static class NoSuchOrderException extends RuntimeException {

        final String orderId;

        NoSuchOrderException(String orderId) {
            super("order " + orderId + " not in table orders_v2");
            this.orderId = orderId;
        }

    }

    static class Mappings {

        @FalcoExceptionHandler(status = RequestStatus.OVERLOADED, message = "storage busy")
        void storage(IOException ex) {
        }

        @FalcoExceptionHandler(value = FileNotFoundException.class, status = RequestStatus.BAD_REQUEST,
                message = "no such file")
        void missingFile() {
        }

        @FalcoExceptionHandler(status = RequestStatus.BAD_REQUEST)
        String missingOrder(RequestContext context, NoSuchOrderException ex) {
            return "no order " + ex.orderId + " for route " + context.route();
        }

        @FalcoExceptionHandler(value = UnsupportedOperationException.class, status = RequestStatus.BAD_REQUEST)
        void unsupported() {
        }

        @FalcoExceptionHandler
        FalcoRequestException refusal(IllegalArgumentException ex) {
            return "keep".equals(ex.getMessage())
                    ? new FalcoRequestException(RequestStatus.BAD_REQUEST, "refused: " + ex.getMessage()) : null;
        }

    }

    static class NoType {

        @FalcoExceptionHandler
        void handle() {
        }

    }

    static class NarrowParameter {

        @FalcoExceptionHandler(IOException.class)
        void handle(FileNotFoundException ex) {
        }

    }

    static class ExtraParameter {

        @FalcoExceptionHandler
        void handle(IOException ex, String text) {
        }

    }

    static class IntegerAnswer {

        @FalcoExceptionHandler
        Integer handle(IOException ex) {
            return 1;
        }

    }

    static class OkStatus {

        @FalcoExceptionHandler(status = RequestStatus.OK)
        void handle(IOException ex) {
        }

    }

    static class StatusAndRefusal {

        @FalcoExceptionHandler(status = RequestStatus.BAD_REQUEST)
        FalcoRequestException handle(IOException ex) {
            return new FalcoRequestException(RequestStatus.BAD_REQUEST, "no");
        }

    }

    static class Ambiguous {

        @FalcoExceptionHandler
        void first(IOException ex) {
        }

        @FalcoExceptionHandler(IOException.class)
        void second() {
        }

    }

}
