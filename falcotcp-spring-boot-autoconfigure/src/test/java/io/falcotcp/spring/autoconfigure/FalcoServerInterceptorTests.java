package io.falcotcp.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.AsyncRequestHandler;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.spring.handler.FalcoAdvice;
import io.falcotcp.spring.handler.FalcoExceptionHandler;
import io.falcotcp.spring.handler.FalcoHandler;
import io.falcotcp.spring.handler.ServerRequestObservation;
import io.falcotcp.spring.handler.interceptor.FalcoServerInterceptor;
import io.falcotcp.spring.handler.interceptor.FalcoServerInterceptorChain;
import io.falcotcp.spring.handler.interceptor.FalcoServerRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server interceptors over the wire: their order, rejections, the threads they run on, their failures, and the
 * observation that stays whichever handler answers.
 */
class FalcoServerInterceptorTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoServerAutoConfiguration.class))
        .withPropertyValues("falco.server.port=0", "falco.server.host=127.0.0.1", "falco.server.key=" + KEY,
                "falco.server.crypto-warm-up=false")
        .withBean(Trace.class)
        .withUserConfiguration(Observations.class);

    @Test
    void interceptorsRunInTheOrderOfTheirClassTheirBeanMethodAndTheirOrderedImplementation() {
        this.runner.withUserConfiguration(OrderHandlers.class, OrderedInterceptors.class).run(withClient((client,
                context) -> {
            // the outermost interceptor appends last
            assertThat(request(client, "orders.get", "o-1")).isEqualTo("order o-1 +ordered +bean-method +class");
            List<String> events = context.getBean(Trace.class).events;
            assertThat(events).hasSize(4).startsWith("class", "bean-method", "ordered");
            assertThat(events.get(3)).startsWith("handler orders.get ");
        }));
    }

    @Test
    void interceptorRejectsARequestWithAStatusTheClientReceivesAndTheMethodIsNotCalled() {
        this.runner.withUserConfiguration(OrderHandlers.class, CancelGuard.class).run(withClient((client,
                context) -> {
            FalcoRemoteException refusal = failure(client, "orders.cancel", "o-2");
            assertThat(refusal.status()).isEqualTo(RequestStatus.BAD_REQUEST);
            assertThat(refusal.getMessage()).endsWith("for route 'orders.cancel': cancelling needs an admin");
            Trace trace = context.getBean(Trace.class);
            assertThat(trace.cancellations).hasValue(0);
            assertThat(request(client, "orders.cancel", "admin")).isEqualTo("cancelled");
            assertThat(trace.cancellations).hasValue(1);
        }));
    }

    @Test
    void outerInterceptorSeesEveryOutcomeOnTheStageItsChainReturns() {
        this.runner.withUserConfiguration(OrderHandlers.class, CancelGuard.class, Auditor.class)
            .run(withClient((client, context) -> {
                failure(client, "orders.cancel", "o-2");
                failure(client, "orders.fail", "o-3");
                request(client, "orders.get", "o-4");
                assertThat(context.getBean(Trace.class).events).filteredOn((event) -> event.startsWith("audited"))
                    .containsExactly("audited orders.cancel FalcoRequestException",
                            "audited orders.fail IllegalStateException", "audited orders.get OK");
            }));
    }

    @Test
    void rejectionIsObservedWithItsStatusAndTheInterceptorRunsInsideTheObservation() {
        this.runner.withUserConfiguration(OrderHandlers.class, CancelGuard.class).run(withClient((client,
                context) -> {
            failure(client, "orders.cancel", "o-2");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get(ServerRequestObservation.NAME).tag("route", "orders.cancel")
                .tag("outcome", "BAD_REQUEST").timer().count()).isOne();
            assertThat(context.getBean(Trace.class).events).containsExactly("guard inside falco.server.requests");
        }));
    }

    @Test
    void interceptorRunsOnTheThreadOfItsMethodAndAroundTheStageOfAnAsynchronousOne() {
        this.runner.withUserConfiguration(OrderHandlers.class, ThreadRecorder.class).run(withClient((client,
                context) -> {
            Trace trace = context.getBean(Trace.class);
            assertThat(request(client, "orders.quick", "o-3")).isEqualTo("quick o-3");
            assertThat(request(client, "orders.get", "o-4")).isEqualTo("order o-4");
            assertThat(request(client, "orders.later", "o-5")).isEqualTo("later o-5 (seen when complete)");
            List<String> events = trace.events;
            assertThat(events).hasSize(6);
            // a blocking = false method and the interceptor share an event loop; a blocking one a handler thread
            assertThat(threadOf(events.get(0))).isEqualTo(threadOf(events.get(1))).startsWith("falcotcp-server-io");
            assertThat(threadOf(events.get(2))).isEqualTo(threadOf(events.get(3))).startsWith("falcotcp-handler");
            // an asynchronous method is invoked on the event loop, and the interceptor sees its completed stage
            assertThat(threadOf(events.get(4))).startsWith("falcotcp-server-io");
            assertThat(events.get(5)).isEqualTo("completed later o-5");
        }));
    }

    @Test
    void exceptionOfAnInterceptorIsAnsweredByTheAdviceOrElseAsAGenericHandlerError() {
        this.runner.withUserConfiguration(OrderHandlers.class, QuotaInterceptor.class, QuotaAdvice.class)
            .run(withClient((client, context) -> {
                FalcoRemoteException overQuota = failure(client, "orders.get", "greedy");
                assertThat(overQuota.status()).isEqualTo(RequestStatus.OVERLOADED);
                assertThat(overQuota.getMessage()).endsWith(": quota of greedy exceeded");
                FalcoRemoteException broken = failure(client, "orders.later", "broken");
                assertThat(broken.status()).isEqualTo(RequestStatus.HANDLER_ERROR);
                assertThat(broken.getMessage()).endsWith("for route 'orders.later': the handler failed")
                    .doesNotContain("hunter2")
                    .doesNotContain("\tat ");
                assertThat(context.getBean(Trace.class).events).isEmpty();
            }));
    }

    @Test
    void requestHandlerBeanOfTheApplicationIsStillObserved() {
        this.runner.withUserConfiguration(EchoRequestHandler.class).run(withClient((client, context) -> {
            assertThat(request(client, "anything.at.all", "hi")).isEqualTo("hi");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            // its routes are not known, so they are not tags
            assertThat(meters.get(ServerRequestObservation.NAME).tag("route", "(other)").tag("outcome", "OK")
                .timer().count()).isOne();
        }));
    }

    @Test
    void asyncRequestHandlerBeanOfTheApplicationIsObservedWithItsOutcome() {
        this.runner.withUserConfiguration(RefusingAsyncRequestHandler.class).run(withClient((client, context) -> {
            assertThat(failure(client, "orders.get", "o-6").status()).isEqualTo(RequestStatus.BAD_REQUEST);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get(ServerRequestObservation.NAME).tag("route", "(other)")
                .tag("outcome", "BAD_REQUEST").timer().count()).isOne();
        }));
    }

    private static String threadOf(String event) {
        return event.substring(event.lastIndexOf(' ') + 1);
    }

    private static String request(FalcoTcpClient client, String route, String body) {
        return new String(client.request(route, body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
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

    private static ContextConsumer<AssertableApplicationContext> withClient(
            BiConsumer<FalcoTcpClient, AssertableApplicationContext> test) {
        return (context) -> {
            assertThat(context).hasNotFailed();
            FalcoServer server = context.getBean(FalcoServer.class);
            try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                .key(FalcoKey.parse(KEY)).cryptoWarmUp(false).build()) {
                test.accept(client, context);
            }
        };
    }

    private static CompletionStage<byte[]> appending(CompletionStage<byte[]> response, String suffix) {
        return response.thenApply((body) -> (new String(body, StandardCharsets.UTF_8) + suffix)
            .getBytes(StandardCharsets.UTF_8));
    }

    /** What the interceptors and handlers of a test saw, in order. */
    static class Trace {

        final List<String> events = new CopyOnWriteArrayList<>();

        final AtomicInteger cancellations = new AtomicInteger();

    }

    @Configuration(proxyBeanMethods = false)
    static class Observations {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry(MeterRegistry meters) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            return registry;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OrderHandlers {

        private final Trace trace;

        OrderHandlers(Trace trace) {
            this.trace = trace;
        }

        @FalcoHandler("orders.get")
        String get(String id) {
            record("handler orders.get");
            return "order " + id;
        }

        @FalcoHandler(route = "orders.quick", blocking = false)
        String quick(String id) {
            record("handler orders.quick");
            return "quick " + id;
        }

        @FalcoHandler("orders.later")
        CompletableFuture<String> later(String id) {
            return CompletableFuture.supplyAsync(() -> "later " + id,
                    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        }

        @FalcoHandler("orders.fail")
        String fail(String id) {
            throw new IllegalStateException("no order " + id);
        }

        @FalcoHandler("orders.cancel")
        String cancel(String id) {
            this.trace.cancellations.incrementAndGet();
            return "cancelled";
        }

        private void record(String event) {
            this.trace.events.add(event + " " + Thread.currentThread().getName());
        }

    }

    /** Appends its name to the trace and to the response. */
    static class NamedInterceptor implements FalcoServerInterceptor {

        private final String name;

        private final Trace trace;

        NamedInterceptor(String name, Trace trace) {
            this.name = name;
            this.trace = trace;
        }

        @Override
        public CompletionStage<byte[]> intercept(FalcoServerRequest request, FalcoServerInterceptorChain chain) {
            this.trace.events.add(this.name);
            return appending(chain.proceed(request), " +" + this.name);
        }

    }

    @Order(1)
    static class OrderedByClass extends NamedInterceptor {

        OrderedByClass(Trace trace) {
            super("class", trace);
        }

    }

    static class OrderedByInterface extends NamedInterceptor implements Ordered {

        OrderedByInterface(Trace trace) {
            super("ordered", trace);
        }

        @Override
        public int getOrder() {
            return 3;
        }

    }

    /** Declared in the opposite order to the one they run in. */
    @Configuration(proxyBeanMethods = false)
    static class OrderedInterceptors {

        @Bean
        OrderedByInterface orderedByInterface(Trace trace) {
            return new OrderedByInterface(trace);
        }

        // the class has no order of its own: without the @Bean method's, it would run last
        @Bean
        @Order(2)
        NamedInterceptor orderedByBeanMethod(Trace trace) {
            return new NamedInterceptor("bean-method", trace);
        }

        @Bean
        OrderedByClass orderedByClass(Trace trace) {
            return new OrderedByClass(trace);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class CancelGuard {

        @Bean
        FalcoServerInterceptor cancelGuard(Trace trace, ObservationRegistry observations) {
            return (request, chain) -> {
                Observation current = observations.getCurrentObservation();
                trace.events.add("guard inside " + ((current != null) ? current.getContext().getName() : "none"));
                if ("orders.cancel".equals(request.route())
                        && !"admin".equals(new String(request.body(), StandardCharsets.UTF_8))) {
                    throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "cancelling needs an admin");
                }
                return chain.proceed(request);
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Auditor {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        FalcoServerInterceptor auditor(Trace trace) {
            return (request, chain) -> chain.proceed(request)
                .whenComplete((body, failure) -> trace.events.add("audited " + request.route() + " "
                        + ((failure != null) ? failure.getClass().getSimpleName() : "OK")));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ThreadRecorder {

        @Bean
        FalcoServerInterceptor threadRecorder(Trace trace) {
            return (request, chain) -> {
                trace.events.add("interceptor " + request.route() + " " + Thread.currentThread().getName());
                CompletionStage<byte[]> response = chain.proceed(request);
                if (!"orders.later".equals(request.route())) {
                    return response;
                }
                return appending(response.whenComplete((body, failure) -> trace.events
                    .add("completed " + new String(body, StandardCharsets.UTF_8))), " (seen when complete)");
            };
        }

    }

    static class QuotaExceededException extends RuntimeException {

        final String customer;

        QuotaExceededException(String customer) {
            super("quota table at jdbc:postgresql://db.internal/quota?password=hunter2 says no to " + customer);
            this.customer = customer;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class QuotaInterceptor {

        @Bean
        FalcoServerInterceptor quotaInterceptor() {
            return (request, chain) -> {
                String body = new String(request.body(), StandardCharsets.UTF_8);
                if (body.equals("greedy")) {
                    throw new QuotaExceededException(body);
                }
                if (body.equals("broken")) {
                    // an interceptor failing after the stage: answered like a failing stage
                    return chain.proceed(request).thenApply((response) -> {
                        throw new IllegalStateException("audit log at password=hunter2 is full");
                    });
                }
                return chain.proceed(request);
            };
        }

    }

    @FalcoAdvice
    static class QuotaAdvice {

        @FalcoExceptionHandler(status = RequestStatus.OVERLOADED)
        String quotaExceeded(QuotaExceededException ex) {
            return "quota of " + ex.customer + " exceeded";
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class EchoRequestHandler {

        @Bean
        RequestHandler echo() {
            return (request, context) -> request;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class RefusingAsyncRequestHandler {

        @Bean
        AsyncRequestHandler refusing() {
            return (request, context) -> CompletableFuture
                .failedFuture(new FalcoRequestException(RequestStatus.BAD_REQUEST, "no"));
        }

    }

}
