package io.falcotcp.spring.actuate;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FalcoTCP request meters: the same meters as Micrometer's default handler, recorded without a registry lookup
 * per request.
 */
class FalcoRequestMeterObservationHandlerTests {

    private static final String NAME = "falco.server.requests";

    private final MockClock clock = new MockClock();

    private final MeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

    private final ObservationRegistry observations = observationRegistry(
            new FalcoRequestMeterObservationHandler(this.registry, Set.of(NAME), true));

    @Test
    void registersTheMetersOfTheDefaultHandler() {
        MeterRegistry defaultRegistry = new SimpleMeterRegistry();
        ObservationRegistry defaultObservations = observationRegistry(
                new DefaultMeterObservationHandler(defaultRegistry));
        Consumer<ObservationRegistry> requests = (registry) -> {
            request(registry, "orders", "OK", null);
            request(registry, "orders", "OK", null);
            request(registry, "orders", "HANDLER_ERROR", new IllegalStateException("no stock"));
            request(registry, "(default)", "OK", null);
        };
        requests.accept(defaultObservations);
        requests.accept(this.observations);
        assertThat(meters(this.registry)).isEqualTo(meters(defaultRegistry)).hasSize(5);
        assertThat(this.registry.get(NAME).tags("route", "orders", "outcome", "OK", "error", "none").timer().count())
            .isEqualTo(2);
        assertThat(this.registry.get(NAME).tag("error", "IllegalStateException").timer().count()).isOne();
    }

    @Test
    void timesARequestFromStartToStop() {
        Observation observation = Observation.createNotStarted(NAME, this.observations)
            .lowCardinalityKeyValue("route", "orders")
            .start();
        this.clock.add(Duration.ofMillis(7));
        observation.lowCardinalityKeyValue("outcome", "OK").stop();
        Timer timer = this.registry.get(NAME).timer();
        assertThat(timer.count()).isOne();
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
    }

    @Test
    void countsRequestsInFlightOnTheActiveTimer() {
        Observation first = Observation.createNotStarted(NAME, this.observations)
            .lowCardinalityKeyValue("route", "orders")
            .start();
        Observation second = Observation.createNotStarted(NAME, this.observations)
            .lowCardinalityKeyValue("route", "orders")
            .start();
        assertThat(this.registry.get(NAME + ".active").longTaskTimer().activeTasks()).isEqualTo(2);
        first.stop();
        second.stop();
        assertThat(this.registry.get(NAME + ".active").longTaskTimer().activeTasks()).isZero();
    }

    @Test
    void recordsNoActiveTimerWhenLongTaskTimersAreIgnored() {
        MeterRegistry registry = new SimpleMeterRegistry();
        request(observationRegistry(new FalcoRequestMeterObservationHandler(registry, Set.of(NAME), false)), "orders",
                "OK", null);
        assertThat(registry.find(NAME + ".active").meter()).isNull();
        assertThat(registry.get(NAME).timer().count()).isOne();
    }

    @Test
    void leavesOtherObservationsToTheNextHandler() {
        FalcoRequestMeterObservationHandler handler = new FalcoRequestMeterObservationHandler(this.registry,
                Set.of(NAME), true);
        assertThat(handler.supportsContext(new Observation.Context())).isFalse();
        Observation.Context other = new Observation.Context();
        other.setName("http.server.requests");
        assertThat(handler.supportsContext(other)).isFalse();
        Observation.Context falco = new Observation.Context();
        falco.setName(NAME);
        assertThat(handler.supportsContext(falco)).isTrue();
    }

    @Test
    void registersAMeterAgainAfterItWasRemoved() {
        request(this.observations, "orders", "OK", null);
        Meter first = this.registry.get(NAME).timer();
        this.registry.remove(first);
        request(this.observations, "orders", "OK", null);
        Timer second = this.registry.get(NAME).timer();
        assertThat(second).isNotSameAs(first);
        assertThat(second.count()).isOne();
    }

    private static void request(ObservationRegistry registry, String route, String outcome, Throwable error) {
        Observation observation = Observation.createNotStarted(NAME, registry)
            .lowCardinalityKeyValue("route", route)
            .start();
        if (error != null) {
            observation.error(error);
        }
        observation.lowCardinalityKeyValue("outcome", outcome).stop();
    }

    private static ObservationRegistry observationRegistry(MeterObservationHandler<?> handler) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(handler);
        return registry;
    }

    private static Set<Meter.Id> meters(MeterRegistry registry) {
        return registry.getMeters().stream().map(Meter::getId).collect(Collectors.toSet());
    }

}
