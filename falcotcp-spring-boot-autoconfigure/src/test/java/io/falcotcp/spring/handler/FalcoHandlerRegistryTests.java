package io.falcotcp.spring.handler;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.spring.codec.PayloadCodecs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FalcoHandlerRegistryTests {

    private final PayloadCodecs codecs = new PayloadCodecs(JsonMapper.shared());

    private final MeterRegistry meters = new SimpleMeterRegistry();

    private final FalcoHandlerRegistry registry = new FalcoHandlerRegistry(observations(this.meters));

    @Test
    void plainV1RequestReachesTheDefaultHandler() throws Exception {
        register("echo", "");
        register("shout", "text.shout");
        assertThat(this.registry.handle(bytes("hi"), TestRequestContext.PLAIN_V1)).asString().isEqualTo("hi");
    }

    @Test
    void requestWithARouteReachesThatRoutesMethod() throws Exception {
        register("echo", "");
        register("shout", "text.shout");
        assertThat(this.registry.handle(bytes("hi"), new TestRequestContext("text.shout"))).asString()
            .isEqualTo("HI");
        assertThat(this.registry.routes()).containsExactly("text.shout");
        assertThat(this.registry.hasDefaultHandler()).isTrue();
    }

    @Test
    void unknownRouteIsAnsweredWithUnknownRoute() {
        register("echo", "");
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> this.registry.handle(bytes("hi"), new TestRequestContext("orders.cancel")))
            .withMessage("no handler for route 'orders.cancel'")
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.UNKNOWN_ROUTE));
    }

    @Test
    void plainV1RequestWithoutDefaultHandlerIsAnsweredWithUnknownRoute() {
        register("shout", "text.shout");
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> this.registry.handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.UNKNOWN_ROUTE));
    }

    @Test
    void failingHandlerIsAHandlerErrorCarryingTheCause() {
        register("fail", "");
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> this.registry.handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .withMessage("the handler failed")
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.HANDLER_ERROR))
            .havingCause().withMessage("database down");
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

    @Test
    void requestsAreTimedPerRouteAndOutcome() throws Exception {
        register("echo", "");
        register("fail", "fail");
        this.registry.handle(bytes("a"), TestRequestContext.PLAIN_V1);
        this.registry.handle(bytes("b"), TestRequestContext.PLAIN_V1);
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> this.registry.handle(bytes("c"), new TestRequestContext("fail")));
        assertThat(this.meters.get(FalcoHandlerRegistry.OBSERVATION_NAME).tag("route", "(default)")
            .tag("outcome", "OK").timer().count()).isEqualTo(2);
        assertThat(this.meters.get(FalcoHandlerRegistry.OBSERVATION_NAME).tag("route", "fail")
            .tag("outcome", "HANDLER_ERROR").timer().count()).isEqualTo(1);
    }

    private void register(String methodName, String route) {
        Method method = ReflectionUtils.findMethod(Handlers.class, methodName, (Class<?>[]) null);
        assertThat(method).isNotNull();
        this.registry.register(FalcoHandlerMethod.create(new Handlers(), method, route, this.codecs));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static ObservationRegistry observations(MeterRegistry meters) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return registry;
    }

    static class Handlers {

        byte[] echo(byte[] request) {
            return request;
        }

        String shout(String request) {
            return request.toUpperCase(Locale.ROOT);
        }

        String fail(String request) {
            throw new IllegalStateException("database down");
        }

    }

}
