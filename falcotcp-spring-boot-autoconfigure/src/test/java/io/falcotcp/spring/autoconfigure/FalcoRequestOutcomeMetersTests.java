package io.falcotcp.spring.autoconfigure;

import java.net.ServerSocket;

import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.handler.FalcoHandler;
import io.falcotcp.spring.handler.ServerRequestObservation;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The server's and the client's request meters tag the same request with the same outcome, over a real socket.
 */
class FalcoRequestOutcomeMetersTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    @Test
    void serverAndClientTagEachRequestWithTheSameOutcome() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, FalcoMetricsAutoConfiguration.class,
                    FalcoCodecAutoConfiguration.class, FalcoServerAutoConfiguration.class,
                    FalcoClientAutoConfiguration.class))
            .withUserConfiguration(Handlers.class)
            .withPropertyValues("falco.server.port=" + port, "falco.server.host=127.0.0.1",
                    "falco.server.key=" + KEY, "falco.server.transport=nio", "falco.client.host=127.0.0.1",
                    "falco.client.port=" + port, "falco.client.key=" + KEY, "falco.client.transport=nio")
            .run((context) -> {
                FalcoClient client = context.getBean(FalcoClient.class);
                assertThat(client.route("orders.create").send("a", String.class)).isEqualTo("a");
                assertThatExceptionOfType(FalcoRemoteException.class)
                    .isThrownBy(() -> client.route("orders.refused").send("b", String.class));
                assertThatExceptionOfType(FalcoRemoteException.class)
                    .isThrownBy(() -> client.route("orders.broken").send("c", String.class));
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                for (String[] request : new String[][] { { "orders.create", "OK" },
                        { "orders.refused", "BAD_REQUEST" }, { "orders.broken", "HANDLER_ERROR" } }) {
                    assertThat(meters.get(FalcoClient.OBSERVATION_NAME).tag("route", request[0])
                        .tag("outcome", request[1]).timer().count()).as("client %s", request[0]).isOne();
                    assertThat(meters.get(ServerRequestObservation.NAME).tag("route", request[0])
                        .tag("outcome", request[1]).timer().count()).as("server %s", request[0]).isOne();
                }
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        @FalcoHandler("orders.create")
        String create(String order) {
            return order;
        }

        @FalcoHandler("orders.refused")
        String refuse(String order) {
            throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "no such product");
        }

        @FalcoHandler("orders.broken")
        String fail(String order) {
            throw new IllegalStateException("the database is away");
        }

    }

}
