package io.falcotcp.spring.autoconfigure;

import java.util.Set;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.actuate.FalcoRequestMeterObservationHandler;
import io.falcotcp.spring.client.DefaultFalcoClientObservationConvention;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.client.FalcoClientBuilder;
import io.falcotcp.spring.client.FalcoClientObservationContext;
import io.falcotcp.spring.client.FalcoClientObservationConvention;
import io.falcotcp.spring.handler.DefaultFalcoServerObservationConvention;
import io.falcotcp.spring.handler.FalcoHandler;
import io.falcotcp.spring.handler.FalcoServerObservationContext;
import io.falcotcp.spring.handler.FalcoServerObservationConvention;
import io.falcotcp.spring.handler.ServerRequestObservation;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observations of the auto-configured server and clients over real sockets: {@link FalcoServerObservationConvention}
 * and {@link FalcoClientObservationConvention} beans replace the default names and key values (their keys reach the
 * meters), and {@code falco.server.observation.enabled} / {@code falco.client.observation.enabled} switch a side's
 * observations off.
 */
class FalcoObservationTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final MeterRegistry meters = new SimpleMeterRegistry();

    private final ObservationRegistry observations = ObservationRegistry.create();

    private final ApplicationContextRunner servers = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoServerAutoConfiguration.class))
        .withBean(ObservationRegistry.class, () -> this.observations)
        .withBean(EchoHandlers.class)
        .withPropertyValues("falco.server.port=0", "falco.server.host=127.0.0.1", "falco.server.key=" + KEY,
                "falco.server.crypto-warm-up=false", "falco.server.handshake-timeout=20s");

    private final ApplicationContextRunner clients = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoClientAutoConfiguration.class))
        .withBean(ObservationRegistry.class, () -> this.observations)
        .withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key=" + KEY,
                "falco.client.crypto-warm-up=false");

    FalcoObservationTests() {
        this.observations.observationConfig()
            .observationHandler(new FalcoRequestMeterObservationHandler(this.meters,
                    Set.of(ServerRequestObservation.NAME, FalcoClient.OBSERVATION_NAME), false));
    }

    /**
     * Runs a client context against a running server; the server's observation stops before it answers, so its
     * timer is recorded once a client has the answer.
     */
    private void run(ApplicationContextRunner servers, ApplicationContextRunner clients,
            ContextConsumer<AssertableApplicationContext> test) {
        servers.run((server) -> clients
            .withPropertyValues("falco.client.port=" + server.getBean(FalcoServer.class).port())
            .run(test));
    }

    @Test
    void aServerConventionBeanAddsItsKeyToTheServerTimer() {
        run(this.servers.withBean(FalcoServerObservationConvention.class, RegionServerConvention::new), this.clients,
                (context) -> {
                    context.getBean(FalcoClient.class).route("echo").metadata("region", "eu").send("x", String.class);
                    assertThat(this.meters.get(ServerRequestObservation.NAME)
                        .tags("route", "echo", "outcome", "OK", "error", "none", "region", "eu")
                        .timer()
                        .count()).isEqualTo(1);
                });
    }

    @Test
    void aClientConventionBeanAddsItsKeyToTheTimersOfTheDefaultClientAndTheBuildersClients() {
        run(this.servers, this.clients.withBean(FalcoClientObservationConvention.class, TeamClientConvention::new),
                (context) -> {
                    context.getBean(FalcoClient.class).route("echo").send("x", String.class);
                    try (FalcoClient built = context.getBean(FalcoClientBuilder.class)
                        .name("built")
                        .host("127.0.0.1")
                        .port(context.getEnvironment().getRequiredProperty("falco.client.port", Integer.class))
                        .key(FalcoKey.parse(KEY))
                        .build()) {
                        built.route("echo").send("x", String.class);
                    }
                    assertThat(this.meters.get(FalcoClient.OBSERVATION_NAME)
                        .tags("client", "default", "route", "echo", "outcome", "OK", "team", "checkout")
                        .timer()
                        .count()).isEqualTo(1);
                    assertThat(this.meters.get(FalcoClient.OBSERVATION_NAME)
                        .tags("client", "built", "team", "checkout")
                        .timer()
                        .count()).isEqualTo(1);
                });
    }

    @Test
    void withTheServerObservationSwitchedOffOnlyTheClientIsObserved() {
        run(this.servers.withPropertyValues("falco.server.observation.enabled=false"), this.clients, (context) -> {
            context.getBean(FalcoClient.class).route("echo").send("x", String.class);
            assertThat(this.meters.find(FalcoClient.OBSERVATION_NAME).timer()).isNotNull();
            assertThat(this.meters.find(ServerRequestObservation.NAME).meters()).isEmpty();
        });
    }

    @Test
    void withTheClientObservationSwitchedOffOnlyTheServerIsObserved() {
        run(this.servers, this.clients.withPropertyValues("falco.client.observation.enabled=false"), (context) -> {
            context.getBean(FalcoClient.class).route("echo").send("x", String.class);
            assertThat(this.meters.find(ServerRequestObservation.NAME).timer()).isNotNull();
            assertThat(this.meters.find(FalcoClient.OBSERVATION_NAME).meters()).isEmpty();
        });
    }

    static class EchoHandlers {

        @FalcoHandler("echo")
        String echo(String body) {
            return body;
        }

    }

    static class RegionServerConvention extends DefaultFalcoServerObservationConvention {

        @Override
        public KeyValues getLowCardinalityKeyValues(FalcoServerObservationContext context) {
            String region = context.getRequest().metadata().get("region");
            return super.getLowCardinalityKeyValues(context).and("region", (region != null) ? region : "none");
        }

    }

    static class TeamClientConvention extends DefaultFalcoClientObservationConvention {

        @Override
        public KeyValues getLowCardinalityKeyValues(FalcoClientObservationContext context) {
            return super.getLowCardinalityKeyValues(context).and("team", "checkout");
        }

    }

}
