package io.falcotcp.spring.handler;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.AsyncRequestHandler;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import io.falcotcp.spring.codec.PayloadCodecs;
import io.falcotcp.spring.handler.exception.FalcoExceptionHandler;
import io.falcotcp.spring.handler.interceptor.FalcoServerInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The router over a registry, observed as the auto-configuration observes it.
 */
class FalcoHandlerRouterTests {

    private static final FalcoExceptionHandler STATE_IS_UNAVAILABLE = (exception, context) -> (exception
            instanceof IllegalStateException) ? new FalcoRequestException(RequestStatus.OVERLOADED, "try later") : null;

    private final PayloadCodecs codecs = new PayloadCodecs(JsonMapper.shared());

    private final MeterRegistry meters = new SimpleMeterRegistry();

    private final ObservationRegistry observations = observations(this.meters);

    private final Handlers handlers = new Handlers(this.observations);

    private final FalcoHandlerRegistry registry = new FalcoHandlerRegistry();

    private final AsyncRequestHandler router = ServerRequestObservation.observe(
            new FalcoHandlerRouter(this.registry, List.of()), this.observations,
            (route) -> this.registry.find(route) != null);

    @Test
    void plainV1RequestReachesTheDefaultHandler() throws Exception {
        register("echo", "");
        register("shout", "text.shout");
        assertThat(handle(bytes("hi"), TestRequestContext.PLAIN_V1)).asString().isEqualTo("hi");
    }

    @Test
    void requestWithARouteReachesThatRoutesMethod() throws Exception {
        register("echo", "");
        register("shout", "text.shout");
        assertThat(handle(bytes("hi"), new TestRequestContext("text.shout"))).asString()
            .isEqualTo("HI");
        assertThat(this.registry.routes()).containsExactly("text.shout");
        assertThat(this.registry.hasDefaultHandler()).isTrue();
    }

    @Test
    void unknownRouteIsAnsweredWithUnknownRoute() {
        register("echo", "");
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("hi"), new TestRequestContext("orders.cancel")))
            .withMessage("no handler for route 'orders.cancel'")
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.UNKNOWN_ROUTE));
        // the route a client made up is not a tag: meters stay bounded
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("route", "(other)")
            .tag("outcome", "UNKNOWN_ROUTE").timer().count()).isOne();
        assertThat(this.meters.find(ServerRequestObservation.NAME).tag("route", "orders.cancel").timer()).isNull();
    }

    @Test
    void interceptorsRunInTheirOrderAroundTheMethodAndNeverForAnUnknownRoute() throws Exception {
        register("echo", "");
        List<String> seen = new CopyOnWriteArrayList<>();
        FalcoServerInterceptor outer = (request, chain) -> {
            seen.add("outer " + request.route() + " " + request.handler().getMethod().getName());
            return chain.proceed(request).thenApply((body) -> concat(body, bytes(" outer")));
        };
        FalcoServerInterceptor inner = (request, chain) -> {
            seen.add("inner");
            return chain.proceed(request).thenApply((body) -> concat(body, bytes(" inner")));
        };
        AsyncRequestHandler router = new FalcoHandlerRouter(this.registry, List.of(outer, inner));
        assertThat(router.handle(bytes("hi"), TestRequestContext.PLAIN_V1).toCompletableFuture().get(5,
                TimeUnit.SECONDS)).asString().isEqualTo("hi inner outer");
        assertThat(seen).containsExactly("outer null echo", "inner");
        assertThat(router.handle(bytes("hi"), new TestRequestContext("nowhere")).toCompletableFuture())
            .isCompletedExceptionally();
        assertThat(seen).hasSize(2);
    }

    @Test
    void interceptorThatReturnsNoStageIsAHandlerError() {
        register("echo", "");
        AsyncRequestHandler router = new FalcoHandlerRouter(this.registry, List.of((request, chain) -> null));
        assertThat(router.handle(bytes("hi"), TestRequestContext.PLAIN_V1).toCompletableFuture())
            .failsWithin(5, TimeUnit.SECONDS)
            .withThrowableThat()
            .havingCause()
            .isInstanceOfSatisfying(FalcoRequestException.class,
                    (ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.HANDLER_ERROR));
    }

    @Test
    void plainV1RequestWithoutDefaultHandlerIsAnsweredWithUnknownRoute() {
        register("shout", "text.shout");
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.UNKNOWN_ROUTE));
    }

    @Test
    void failingHandlerIsAHandlerErrorCarryingTheCause() {
        register("fail", "");
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .withMessage("the handler failed")
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.HANDLER_ERROR))
            .havingCause().withMessage("database down");
    }

    @Test
    void requestsAreTimedPerRouteAndOutcome() throws Exception {
        register("echo", "");
        register("fail", "fail");
        handle(bytes("a"), TestRequestContext.PLAIN_V1);
        handle(bytes("b"), TestRequestContext.PLAIN_V1);
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("c"), new TestRequestContext("fail")));
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("route", "(default)")
            .tag("outcome", "OK").timer().count()).isEqualTo(2);
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("route", "fail")
            .tag("outcome", "HANDLER_ERROR").timer().count()).isEqualTo(1);
    }

    @Test
    void blockingMethodsAreRunOnTheExecutorAndTheOthersOnTheEventLoop() {
        register("echo", "");
        register("shout", "text.shout", false);
        register("later", "text.later");
        assertThat(this.router.blocks(bytes("hi"), TestRequestContext.PLAIN_V1)).isTrue();
        assertThat(this.router.blocks(bytes("hi"), new TestRequestContext("text.shout"))).isFalse();
        assertThat(this.router.blocks(bytes("hi"), new TestRequestContext("text.later"))).isFalse();
        assertThat(this.router.blocks(bytes("hi"), new TestRequestContext("unknown"))).isFalse();
    }

    @Test
    void asynchronousMethodIsObservedUntilItsStageCompletes() throws Exception {
        register("later", "text.later");
        CompletionStage<byte[]> response = this.router.handle(bytes("hi"), new TestRequestContext("text.later"));
        assertThat(response.toCompletableFuture()).isNotDone();
        assertThat(this.meters.find(ServerRequestObservation.NAME).timer()).isNull();
        this.handlers.later.complete("later");
        assertThat(response.toCompletableFuture().get(5, TimeUnit.SECONDS)).asString().isEqualTo("hi later");
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("route", "text.later")
            .tag("outcome", "OK").timer().count()).isEqualTo(1);
    }

    @Test
    void observationIsCurrentWhileTheMethodRuns() throws Exception {
        register("observed", "");
        register("observedLater", "later");
        assertThat(handle(bytes("hi"), TestRequestContext.PLAIN_V1)).asString()
            .isEqualTo(ServerRequestObservation.NAME);
        this.handlers.later.complete("done");
        assertThat(handle(bytes("hi"), new TestRequestContext("later"))).asString()
            .isEqualTo(ServerRequestObservation.NAME);
    }

    @Test
    void failedStageIsAHandlerErrorCarryingTheCause() {
        register("failLater", "");
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .withMessage("the handler failed")
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.HANDLER_ERROR))
            .havingCause().withMessage("out of stock");
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("outcome", "HANDLER_ERROR").timer()
            .count()).isEqualTo(1);
    }

    @Test
    void stageFailedWithARefusalKeepsItsStatus() {
        register("refuseLater", "");
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .withMessage("not today")
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.BAD_REQUEST));
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("outcome", "BAD_REQUEST").timer()
            .count()).isEqualTo(1);
    }

    @Test
    void exceptionMappedByAnExceptionHandlerIsAnsweredWithItsStatusAndMessage() {
        register("fail", "", true, STATE_IS_UNAVAILABLE);
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .withMessage("try later")
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.OVERLOADED));
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("outcome", "OVERLOADED").timer()
            .count()).isEqualTo(1);
    }

    @Test
    void exceptionOfANonBlockingMethodIsMappedAsWell() {
        register("fail", "", false, STATE_IS_UNAVAILABLE);
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.OVERLOADED));
    }

    @Test
    void failedStageIsAnsweredAsAnExceptionHandlerMapsIt() {
        register("failLater", "", true, STATE_IS_UNAVAILABLE);
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .withMessage("try later")
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.OVERLOADED));
    }

    @Test
    void refusalOfTheMethodIsNotGivenToTheExceptionHandlers() {
        register("refuseLater", "", true, (exception, context) -> {
            throw new AssertionError("asked for " + exception);
        });
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .withMessage("not today");
    }

    @Test
    void exceptionHandlersAreAskedInOrderUntilOneAnswers() {
        FalcoHandlerExceptionResolver resolver = new FalcoHandlerExceptionResolver(List.of(
                (exception, context) -> null, STATE_IS_UNAVAILABLE,
                (exception, context) -> new FalcoRequestException(RequestStatus.BAD_REQUEST, "too late")));
        assertThat(resolver.resolve(new IllegalStateException("x"), TestRequestContext.PLAIN_V1))
            .hasMessage("try later");
    }

    @Test
    void exceptionHandlerThatFailsLeavesTheGenericHandlerError() {
        register("fail", "", true, (exception, context) -> {
            throw new IllegalArgumentException("the handler of the handler broke");
        });
        assertThatExceptionOfType(FalcoRequestException.class)
            .isThrownBy(() -> handle(bytes("hi"), TestRequestContext.PLAIN_V1))
            .withMessage("the handler failed")
            .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(RequestStatus.HANDLER_ERROR))
            .havingCause().withMessage("database down");
    }

    private void register(String methodName, String route) {
        register(methodName, route, true);
    }

    private void register(String methodName, String route, boolean blocking) {
        register(methodName, route, blocking, null);
    }

    private void register(String methodName, String route, boolean blocking,
            @Nullable FalcoExceptionHandler exceptionHandler) {
        Method method = ReflectionUtils.findMethod(Handlers.class, methodName, (Class<?>[]) null);
        assertThat(method).isNotNull();
        FalcoHandlerExceptionResolver resolver = (exceptionHandler != null)
                ? new FalcoHandlerExceptionResolver(List.of(exceptionHandler)) : FalcoHandlerExceptionResolver.NONE;
        this.registry.register(FalcoHandlerMethod.create(this.handlers, method, route, blocking, this.codecs, null,
                resolver));
    }

    /** Handles a request and waits for its response, throwing what the stage failed with. */
    private byte[] handle(byte[] request, RequestContext context) throws Exception {
        try {
            return this.router.handle(request, context).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            throw (Exception) ex.getCause();
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
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

        final CompletableFuture<String> later = new CompletableFuture<>();

        private final ObservationRegistry observations;

        Handlers(ObservationRegistry observations) {
            this.observations = observations;
        }

        byte[] echo(byte[] request) {
            return request;
        }

        String shout(String request) {
            return request.toUpperCase(Locale.ROOT);
        }

        String fail(String request) {
            throw new IllegalStateException("database down");
        }

        CompletionStage<String> later(String request) {
            return this.later.thenApply((value) -> request + " " + value);
        }

        CompletableFuture<String> failLater() {
            return CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("out of stock");
            });
        }

        CompletableFuture<String> refuseLater() {
            return CompletableFuture.failedFuture(new FalcoRequestException(RequestStatus.BAD_REQUEST, "not today"));
        }

        String observed() {
            return currentObservationName();
        }

        CompletionStage<String> observedLater() {
            String name = currentObservationName();
            return this.later.thenApply((value) -> name);
        }

        private String currentObservationName() {
            Observation current = this.observations.getCurrentObservation();
            return (current != null) ? current.getContext().getName() : "none";
        }

    }

}
