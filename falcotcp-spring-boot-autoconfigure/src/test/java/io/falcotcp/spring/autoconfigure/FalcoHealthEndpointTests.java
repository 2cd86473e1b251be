package io.falcotcp.spring.autoconfigure;

import java.net.ServerSocket;
import java.time.Duration;

import io.falcotcp.spring.actuate.FalcoClientHealthIndicator;
import io.falcotcp.spring.handler.FalcoHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's health as the actuator's health endpoint and its probe groups report it, with a FalcoTCP
 * server on a real port and a client target pointing at a closed port.
 */
class FalcoHealthEndpointTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private ApplicationContextRunner runner;

    @BeforeEach
    void closedPort() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        this.runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                    FalcoServerAutoConfiguration.class, FalcoClientAutoConfiguration.class,
                    FalcoHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
                    ApplicationAvailabilityAutoConfiguration.class,
                    AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
            .withUserConfiguration(Handlers.class)
            .withPropertyValues("falco.server.port=0", "falco.server.host=127.0.0.1", "falco.server.key=" + KEY,
                    "falco.server.transport=nio", "falco.client.targets.orders.host=127.0.0.1",
                    "falco.client.targets.orders.port=" + closedPort, "falco.client.targets.orders.key=" + KEY);
    }

    @Test
    void targetAtAClosedPortLeavesHealthReadinessAndLivenessUp() {
        this.runner.run((context) -> {
            HealthEndpoint health = started(context);
            assertThat(health.healthForPath("falco", "clients", "orders").getStatus())
                .isEqualTo(FalcoClientHealthIndicator.DISCONNECTED);
            assertThat(health.healthForPath("falco", "server").getStatus()).isEqualTo(Status.UP);
            assertThat(health.healthForPath("falco").getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(httpStatus(context, "readiness")).isEqualTo(200);
            assertThat(httpStatus(context, "liveness")).isEqualTo(200);
        });
    }

    @Test
    void readinessCountsATargetOnlyWhenItsGroupIsToldTo() {
        // the example of docs/configuration.md
        this.runner
            .withPropertyValues("management.endpoint.health.group.readiness.include=readinessState,falco/clients/orders",
                    "management.endpoint.health.group.readiness.status.order=down,disconnected,out-of-service,up,unknown",
                    "management.endpoint.health.group.readiness.status.http-mapping.down=503",
                    "management.endpoint.health.group.readiness.status.http-mapping.disconnected=503",
                    "management.endpoint.health.group.readiness.status.http-mapping.out-of-service=503")
            .run((context) -> {
                HealthEndpoint health = started(context);
                assertThat(health.healthForPath("readiness").getStatus())
                    .isEqualTo(FalcoClientHealthIndicator.DISCONNECTED);
                assertThat(httpStatus(context, "readiness")).isEqualTo(503);
                assertThat(httpStatus(context, "liveness")).isEqualTo(200);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            });
    }

    /** The endpoint once the application accepts traffic and the target's first connection failed. */
    private static HealthEndpoint started(AssertableApplicationContext context) throws InterruptedException {
        assertThat(context).hasNotFailed();
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        HealthEndpoint health = context.getBean(HealthEndpoint.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!hasError(health) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        assertThat(hasError(health)).as("the target's connection failure is in its details").isTrue();
        return health;
    }

    private static boolean hasError(HealthEndpoint health) {
        return ((IndicatedHealthDescriptor) health.healthForPath("falco", "clients", "orders")).getDetails()
            .containsKey("error");
    }

    private static int httpStatus(AssertableApplicationContext context, String group) {
        HealthDescriptor health = context.getBean(HealthEndpoint.class).healthForPath(group);
        return context.getBean(HealthEndpointGroups.class).get(group).getHttpCodeStatusMapper()
            .getStatusCode(health.getStatus());
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        @FalcoHandler("orders.create")
        String create(String order) {
            return order;
        }

    }

}
