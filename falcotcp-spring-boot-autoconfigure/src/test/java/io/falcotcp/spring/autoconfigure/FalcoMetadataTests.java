package io.falcotcp.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.falcotcp.client.FalcoClientException;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestContext;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.client.FalcoClientBuilder;
import io.falcotcp.spring.client.FalcoClientInterceptor;
import io.falcotcp.spring.client.FalcoClientRequest;
import io.falcotcp.spring.handler.FalcoHandler;
import io.falcotcp.spring.handler.FalcoMetadata;
import io.falcotcp.spring.handler.InvalidFalcoHandlerException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Request metadata through the Spring layer over real sockets: {@code RequestSpec.metadata}, {@link FalcoMetadata}
 * and {@link RequestContext} parameters, and {@link FalcoClientInterceptor} beans (order, added metadata, failing
 * a call inside the observation).
 */
class FalcoMetadataTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final ApplicationContextRunner servers = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoServerAutoConfiguration.class))
        .withPropertyValues("falco.server.port=0", "falco.server.host=127.0.0.1", "falco.server.key=" + KEY,
                "falco.server.crypto-warm-up=false", "falco.server.handshake-timeout=20s");

    private final ApplicationContextRunner clients = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoClientAutoConfiguration.class))
        .withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key=" + KEY,
                "falco.client.crypto-warm-up=false");

    /** Runs a client context against a running server of {@link TenantHandlers}. */
    private void withClients(ApplicationContextRunner clients, ContextConsumer<AssertableApplicationContext> test) {
        this.servers.withUserConfiguration(TenantHandlers.class).run((server) -> {
            int port = server.getBean(FalcoServer.class).port();
            clients.withPropertyValues("falco.client.port=" + port, "falco.client.targets.audit.port=" + port)
                .run(test);
        });
    }

    @Test
    void metadataParametersReadTheEntriesTheRequestSpecAdded() {
        withClients(this.clients, (context) -> {
            FalcoClient client = context.getBean(FalcoClient.class);
            assertThat(client.route("tenant").metadata("tenant", "acme").send("x", String.class))
                .isEqualTo("acme/null");
            assertThat(client.route("tenant").metadata(Map.of("tenant", "acme", "region", "eu")).send("x",
                    String.class)).isEqualTo("acme/eu");
            assertThat(client.route("context").metadata("tenant", "acme").metadata("region", "eu")
                .send("x", String.class)).isEqualTo("{tenant=acme, region=eu}");
        });
    }

    @Test
    void missingRequiredMetadataIsABadRequestNamingTheKeyAndTheMethodDoesNotRun() {
        withClients(this.clients, (context) -> assertThatExceptionOfType(FalcoRemoteException.class)
            .isThrownBy(() -> context.getBean(FalcoClient.class).route("tenant").metadata("region", "eu")
                .send("x", String.class))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(RequestStatus.BAD_REQUEST))
            .withMessageContaining("lacks the metadata 'tenant'"));
    }

    @Test
    void invalidMetadataIsRefusedBeforeSending() {
        withClients(this.clients, (context) -> {
            FalcoClient client = context.getBean(FalcoClient.class);
            assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> client.route("tenant").metadata("Tenant", "acme"))
                .withMessageContaining("'Tenant'");
            assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> client.route("tenant").metadata("tenant", "x".repeat(5000)))
                .withMessageContaining("4096 bytes");
        });
    }

    @Test
    void metadataParameterOfAnotherTypeFailsStartUpNamingTheMethod() {
        this.servers.withUserConfiguration(NumberMetadataHandler.class)
            .run((context) -> assertThat(context.getStartupFailure())
                .isInstanceOf(InvalidFalcoHandlerException.class)
                .hasMessageContaining("NumberMetadataHandler#count(Integer)")
                .hasMessageContaining("metadata values are Strings"));
    }

    @Test
    void metadataParameterWithAnInvalidKeyFailsStartUpNamingTheMethod() {
        this.servers.withUserConfiguration(InvalidKeyHandler.class)
            .run((context) -> assertThat(context.getStartupFailure())
                .isInstanceOf(InvalidFalcoHandlerException.class)
                .hasMessageContaining("InvalidKeyHandler#show(String)")
                .hasMessageContaining("@FalcoMetadata(\"Tenant\")"));
    }

    @Test
    void interceptorsRunInOrderOnTheDefaultClientTheTargetsAndTheBuildersClients() {
        withClients(this.clients.withUserConfiguration(OrderedInterceptors.class, AuditUser.class), (context) -> {
            FalcoClient client = context.getBean(FalcoClient.class);
            assertThat(client.route("context").send("x", String.class)).as("default client")
                .isEqualTo("{first=1, second=2, third=3}");
            assertThat(context.getBean(AuditUser.class).audit.route("context").send("x", String.class))
                .as("target").isEqualTo("{first=1, second=2, third=3}");
            try (FalcoClient built = context.getBean(FalcoClientBuilder.class).host("127.0.0.1").port(port(context))
                .key(FalcoKey.parse(KEY)).build()) {
                assertThat(built.route("context").sendAsync("x", String.class).get(10, TimeUnit.SECONDS))
                    .as("builder, asynchronously").isEqualTo("{first=1, second=2, third=3}");
            }
            assertThat(context.getBean(OrderedInterceptors.class).calls).containsExactly("first", "second", "third",
                    "first", "second", "third", "first", "second", "third");
        });
    }

    @Test
    void interceptorSeesTheRequestAddsMetadataAndFailsCallsInsideTheObservation() {
        withClients(this.clients.withUserConfiguration(AuthInterceptor.class), (context) -> {
            FalcoClient client = context.getBean(FalcoClient.class);
            assertThat(client.route("context").metadata("tenant", "acme").timeout(Duration.ofSeconds(7))
                .send("x", String.class)).isEqualTo("{tenant=acme, authorization=Bearer t0k3n}");
            FalcoClientRequest seen = context.getBean(AuthInterceptor.class).seen.get(0);
            assertThat(seen.client()).isEqualTo("default");
            assertThat(seen.route()).isEqualTo("context");
            assertThat(seen.timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(seen.body()).asString().isEqualTo("x");
            assertThatExceptionOfType(FalcoClientException.class)
                .isThrownBy(() -> client.route("forbidden").send("x", String.class))
                .withMessage("no token for route forbidden");
            assertThat(client.route("forbidden").sendAsync("x", String.class))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat().havingCause().withMessage("no token for route forbidden");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get(FalcoClient.OBSERVATION_NAME).tag("route", "forbidden").timer().count())
                .as("refused calls are observed").isEqualTo(2);
            assertThat(meters.get(FalcoClient.OBSERVATION_NAME).tag("route", "context").tag("outcome", "OK")
                .timer().count()).isEqualTo(1);
        });
    }

    private static int port(AssertableApplicationContext context) {
        return context.getEnvironment().getProperty("falco.client.port", Integer.class, 0);
    }

    @Configuration(proxyBeanMethods = false)
    static class TenantHandlers {

        @FalcoHandler("tenant")
        String tenant(@FalcoMetadata("tenant") String tenant,
                @FalcoMetadata(value = "region", required = false) @Nullable String region) {
            return tenant + "/" + region;
        }

        @FalcoHandler("context")
        String context(byte[] body, RequestContext context) {
            return context.metadata().asMap().toString();
        }

        @FalcoHandler("forbidden")
        String forbidden(byte[] body) {
            throw new IllegalStateException("never reached: the client's interceptor refuses the call");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class NumberMetadataHandler {

        @FalcoHandler("count")
        String count(@FalcoMetadata("count") Integer count) {
            return String.valueOf(count);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class InvalidKeyHandler {

        @FalcoHandler("show")
        String show(@FalcoMetadata("Tenant") String tenant) {
            return tenant;
        }

    }

    /** Three interceptors declared out of order: each way of ordering them in turn. */
    @Configuration(proxyBeanMethods = false)
    @Import(FirstInterceptor.class)
    static class OrderedInterceptors {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Bean
        ThirdInterceptor third() {
            return new ThirdInterceptor(this.calls);
        }

        @Bean
        @Order(2)
        FalcoClientInterceptor second() {
            return (request, chain) -> {
                this.calls.add("second");
                request.metadata().put("second", String.valueOf(request.metadata().build().size() + 1));
                return chain.proceed(request);
            };
        }

    }

    @Order(1)
    static class FirstInterceptor implements FalcoClientInterceptor {

        private final OrderedInterceptors owner;

        FirstInterceptor(OrderedInterceptors owner) {
            this.owner = owner;
        }

        @Override
        public CompletableFuture<byte[]> intercept(FalcoClientRequest request, Chain chain) {
            this.owner.calls.add("first");
            request.metadata().put("first", String.valueOf(request.metadata().build().size() + 1));
            return chain.proceed(request);
        }

    }

    static class ThirdInterceptor implements FalcoClientInterceptor, Ordered {

        private final List<String> calls;

        ThirdInterceptor(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public CompletableFuture<byte[]> intercept(FalcoClientRequest request, Chain chain) {
            this.calls.add("third");
            request.metadata().put("third", String.valueOf(request.metadata().build().size() + 1));
            return chain.proceed(request);
        }

        @Override
        public int getOrder() {
            return 3;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class AuthInterceptor implements FalcoClientInterceptor {

        final List<FalcoClientRequest> seen = new CopyOnWriteArrayList<>();

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry(MeterRegistry meterRegistry) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
            return registry;
        }

        @Override
        public CompletableFuture<byte[]> intercept(FalcoClientRequest request, Chain chain) {
            this.seen.add(request);
            if ("forbidden".equals(request.route())) {
                throw new FalcoClientException("no token for route forbidden");
            }
            request.metadata().put("authorization", "Bearer t0k3n");
            return chain.proceed(request);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class AuditUser {

        final FalcoClient audit;

        AuditUser(@Qualifier("audit") FalcoClient audit) {
            this.audit = audit;
        }

    }

}
