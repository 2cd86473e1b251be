package io.falcotcp.spring.autoconfigure;

import io.falcotcp.spring.actuate.FalcoRequestMeterObservationHandler;
import io.falcotcp.spring.handler.ServerRequestObservation;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                FalcoMetricsAutoConfiguration.class));

    @Test
    void falcoRequestsAreRecordedByTheFalcoHandlerAndOtherObservationsByBootsDefault() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(FalcoRequestMeterObservationHandler.class);
            Observation falco = start(context, ServerRequestObservation.NAME);
            Observation http = start(context, "http.server.requests");
            // the default handler keeps a Timer.Sample in the context; the FalcoTCP handler keeps none
            assertThat(falco.getContext().containsKey(Timer.Sample.class)).isFalse();
            assertThat(http.getContext().containsKey(Timer.Sample.class)).isTrue();
            falco.stop();
            http.stop();
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get(ServerRequestObservation.NAME).timer().count()).isOne();
            assertThat(meters.get("http.server.requests").timer().count()).isOne();
        });
    }

    @Test
    void ignoredLongTaskTimersAreIgnoredForFalcoRequestsToo() {
        this.runner.withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
            .run((context) -> {
                start(context, ServerRequestObservation.NAME).stop();
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                assertThat(meters.find(ServerRequestObservation.NAME + ".active").meter()).isNull();
                assertThat(meters.get(ServerRequestObservation.NAME).timer().count()).isOne();
            });
    }

    @Test
    void requestsInFlightAreOnTheActiveTimer() {
        this.runner.run((context) -> {
            Observation falco = start(context, ServerRequestObservation.NAME);
            LongTaskTimer active = context.getBean(MeterRegistry.class)
                .get(ServerRequestObservation.NAME + ".active")
                .longTaskTimer();
            assertThat(active.activeTasks()).isOne();
            falco.stop();
            assertThat(active.activeTasks()).isZero();
        });
    }

    @Test
    void noFalcoHandlerWithoutBootsMetrics() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    FalcoMetricsAutoConfiguration.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(FalcoRequestMeterObservationHandler.class));
    }

    private static Observation start(AssertableApplicationContext context, String name) {
        return Observation.createNotStarted(name, context.getBean(ObservationRegistry.class))
            .lowCardinalityKeyValue("route", "orders")
            .start();
    }

}
