package io.falcotcp.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.handler.FalcoHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trace propagation over real sockets with Brave and W3C {@code traceparent}, set up as Spring Boot sets up
 * micrometer-tracing: the server's span is the child of the client's, which is the child of the caller's current
 * observation, and the handler runs inside the server's span, whether it blocks, runs on the event loop or answers
 * with a stage; a plain v1 client, which carries no metadata, still gets its answer and the server starts a new
 * trace.
 */
class FalcoTracingTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

    private final Tracing tracing = Tracing.newBuilder()
        .currentTraceContext(ThreadLocalCurrentTraceContext.create())
        .propagationFactory(new W3CPropagation(new BraveBaggageManager(), List.of()))
        .supportsJoin(false)
        .traceId128Bit(true)
        .sampler(Sampler.ALWAYS_SAMPLE)
        .addSpanHandler(new SpanHandler() {
            @Override
            public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                FalcoTracingTests.this.spans.add(span);
                return true;
            }
        })
        .build();

    private final Tracer tracer = new BraveTracer(this.tracing.tracer(),
            new BraveCurrentTraceContext(this.tracing.currentTraceContext()), new BraveBaggageManager());

    private final ObservationRegistry observations = ObservationRegistry.create();

    private final ApplicationContextRunner servers = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoServerAutoConfiguration.class))
        .withBean(ObservationRegistry.class, () -> this.observations)
        .withBean(TracedHandlers.class, () -> new TracedHandlers(this.tracer))
        .withPropertyValues("falco.server.port=0", "falco.server.host=127.0.0.1", "falco.server.key=" + KEY,
                "falco.server.crypto-warm-up=false", "falco.server.handshake-timeout=20s");

    private final ApplicationContextRunner clients = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoClientAutoConfiguration.class))
        .withBean(ObservationRegistry.class, () -> this.observations)
        .withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key=" + KEY,
                "falco.client.crypto-warm-up=false");

    FalcoTracingTests() {
        BravePropagator propagator = new BravePropagator(this.tracing);
        // the handlers Spring Boot's tracing auto-configuration registers, in its order
        this.observations.observationConfig()
            .observationHandler(new FirstMatchingCompositeObservationHandler(
                    new PropagatingSenderTracingObservationHandler<>(this.tracer, propagator),
                    new PropagatingReceiverTracingObservationHandler<>(this.tracer, propagator),
                    new DefaultTracingObservationHandler(this.tracer)));
    }

    @AfterEach
    void closeTracing() {
        this.tracing.close();
    }

    private void withClients(ApplicationContextRunner clients, ContextConsumer<AssertableApplicationContext> test) {
        this.servers.run((server) -> clients
            .withPropertyValues("falco.client.port=" + server.getBean(FalcoServer.class).port())
            .run(test));
    }

    @Test
    void theServerSpanIsTheChildOfTheClientSpanWhichIsTheChildOfTheCallersObservation() {
        withClients(this.clients, (context) -> {
            FalcoClient client = context.getBean(FalcoClient.class);
            Observation caller = Observation.start("caller", this.observations);
            String handlerSpan;
            try (Observation.Scope scope = caller.openScope()) {
                handlerSpan = client.route("blocking").send("x", String.class);
            }
            finally {
                caller.stop();
            }
            MutableSpan callerSpan = span("caller");
            MutableSpan clientSpan = span("falco default blocking");
            MutableSpan serverSpan = span("falco blocking");
            assertThat(clientSpan.kind()).isEqualTo(brave.Span.Kind.CLIENT);
            assertThat(clientSpan.traceId()).isEqualTo(callerSpan.traceId());
            assertThat(clientSpan.parentId()).isEqualTo(callerSpan.id());
            assertThat(serverSpan.kind()).isEqualTo(brave.Span.Kind.SERVER);
            assertThat(serverSpan.traceId()).isEqualTo(clientSpan.traceId());
            assertThat(serverSpan.parentId()).isEqualTo(clientSpan.id());
            assertThat(handlerSpan).as("the span current in the handler")
                .isEqualTo(serverSpan.traceId() + "/" + serverSpan.id());
        });
    }

    @Test
    void eventLoopAndAsynchronousHandlersRunInsideTheServerSpan() {
        withClients(this.clients, (context) -> {
            FalcoClient client = context.getBean(FalcoClient.class);
            String eventLoop = client.send("x", String.class);
            String stage = client.route("stage").sendAsync("x", String.class).get(30, TimeUnit.SECONDS);
            MutableSpan defaultSpan = span("falco default");
            MutableSpan stageSpan = span("falco stage");
            assertThat(eventLoop).isEqualTo(defaultSpan.traceId() + "/" + defaultSpan.id());
            assertThat(defaultSpan.parentId()).isEqualTo(span("falco default (default)").id());
            assertThat(stage).isEqualTo(stageSpan.traceId() + "/" + stageSpan.id());
            assertThat(stageSpan.parentId()).isEqualTo(span("falco default stage").id());
        });
    }

    @Test
    void aPlainV1ClientIsAnsweredAndTheServerStartsANewTrace() {
        withClients(this.clients.withPropertyValues("falco.client.mode=v1"), (context) -> {
            String handlerSpan = context.getBean(FalcoClient.class).send("x", String.class);
            MutableSpan clientSpan = span("falco default (default)");
            MutableSpan serverSpan = span("falco default");
            assertThat(serverSpan.traceId()).isNotEqualTo(clientSpan.traceId());
            assertThat(serverSpan.parentId()).isNull();
            assertThat(handlerSpan).isEqualTo(serverSpan.traceId() + "/" + serverSpan.id());
        });
    }

    @Test
    void withTheClientObservationSwitchedOffNoClientSpanIsMadeAndTheServerStartsANewTrace() {
        withClients(this.clients.withPropertyValues("falco.client.observation.enabled=false"), (context) -> {
            String handlerSpan = context.getBean(FalcoClient.class).route("blocking").send("x", String.class);
            MutableSpan serverSpan = span("falco blocking");
            assertThat(serverSpan.parentId()).isNull();
            assertThat(handlerSpan).isEqualTo(serverSpan.traceId() + "/" + serverSpan.id());
            assertThat(this.spans).extracting(MutableSpan::name).containsExactly("falco blocking");
        });
    }

    /**
     * The one span of a name; the server's span may end after the client has its answer, so it is waited for.
     */
    private MutableSpan span(String name) {
        List<MutableSpan> named = Awaitility.await("a span named '" + name + "'")
            .atMost(Duration.ofSeconds(30))
            .until(() -> this.spans.stream().filter((span) -> name.equals(span.name())).toList(),
                    (found) -> !found.isEmpty());
        assertThat(named).as("spans named '%s'", name).hasSize(1);
        return named.get(0);
    }

    /**
     * Answers with the trace and span id current while the handler runs.
     */
    static class TracedHandlers {

        private final Tracer tracer;

        TracedHandlers(Tracer tracer) {
            this.tracer = tracer;
        }

        @FalcoHandler(blocking = false)
        String eventLoop(byte[] body) {
            return currentSpan();
        }

        @FalcoHandler("blocking")
        String blocking(byte[] body) {
            return currentSpan();
        }

        @FalcoHandler("stage")
        CompletionStage<String> stage(byte[] body) {
            return CompletableFuture.completedFuture(currentSpan());
        }

        private String currentSpan() {
            Span span = this.tracer.currentSpan();
            return (span != null) ? span.context().traceId() + "/" + span.context().spanId() : "none";
        }

    }

}
