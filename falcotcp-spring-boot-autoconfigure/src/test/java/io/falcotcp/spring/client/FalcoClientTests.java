package io.falcotcp.spring.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoClientException;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.client.FalcoTimeoutException;
import io.falcotcp.client.FalcoUnsupportedFeatureException;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.client.FalcoClient.RequestSpec;
import io.falcotcp.spring.codec.PayloadCodecs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FalcoClientTests {

    private final FalcoKey key = FalcoKey.generate();

    private final MeterRegistry meters = new SimpleMeterRegistry();

    private FalcoServer server;

    private FalcoClient client;

    /** Holds the answers of route {@code orders.late} until a test opens it. */
    private final CountDownLatch lateAnswers = new CountDownLatch(1);

    @BeforeEach
    void start() {
        this.server = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0)
            .handler((request, context) -> {
                if (request.length == 0) {
                    throw new IllegalArgumentException("empty");
                }
                if ("orders.late".equals(context.route()) && !this.lateAnswers.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the late answers go");
                }
                if (context.route() != null) {
                    // routed requests answer with their route, so that tests see where they arrived
                    return context.route().getBytes(StandardCharsets.UTF_8);
                }
                return request;
            })
            .build();
        this.server.start();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
        this.client = new FalcoClient("orders", FalcoTcpClient.builder().host("127.0.0.1").port(this.server.port())
            .key(this.key).build(), new PayloadCodecs(JsonMapper.shared()), observations);
    }

    @AfterEach
    void stop() {
        this.lateAnswers.countDown();
        this.client.close();
        this.server.stop();
    }

    @Test
    void typedRequestsRoundTripAsJson() throws Exception {
        Order order = new Order("BOOK-1", 2);
        assertThat(this.client.send(order, Order.class)).isEqualTo(order);
        assertThat(this.client.sendAsync(order, Order.class).get(5, TimeUnit.SECONDS)).isEqualTo(order);
    }

    @Test
    void genericResponseTypesKeepTheirElementTypes() throws Exception {
        List<Order> orders = List.of(new Order("BOOK-1", 2), new Order("PEN-7", 10));
        ParameterizedTypeReference<List<Order>> listOfOrders = new ParameterizedTypeReference<>() {
        };
        assertThat(this.client.send(orders, listOfOrders)).isEqualTo(orders);
        assertThat(this.client.sendAsync(orders, listOfOrders).get(5, TimeUnit.SECONDS)).isEqualTo(orders);
        assertThat(this.client.send(Map.of("BOOK-1", orders.get(0)), new ParameterizedTypeReference<Map<String,
                Order>>() {
        })).containsEntry("BOOK-1", orders.get(0));
    }

    @Test
    void unreadableGenericResponseNamesTheRouteAndTheType() {
        ParameterizedTypeReference<List<Order>> listOfOrders = new ParameterizedTypeReference<>() {
        };
        assertThatExceptionOfType(FalcoClientException.class)
            .isThrownBy(() -> this.client.route("orders.list").send("x", listOfOrders))
            .withMessageContaining("route 'orders.list'")
            .withMessageContaining("java.util.List<" + Order.class.getName() + ">");
        assertThatExceptionOfType(ExecutionException.class)
            .isThrownBy(() -> this.client.route("orders.list").sendAsync("x", listOfOrders).get(5, TimeUnit.SECONDS))
            .withCauseInstanceOf(FalcoClientException.class);
    }

    @Test
    void remoteFailureIsTheCoreClientsException() {
        assertThatExceptionOfType(FalcoRemoteException.class).isThrownBy(() -> this.client.send(new byte[0]));
        assertThatExceptionOfType(ExecutionException.class)
            .isThrownBy(() -> this.client.sendAsync(new byte[0]).get(5, TimeUnit.SECONDS))
            .withCauseInstanceOf(FalcoRemoteException.class);
    }

    @Test
    void unreadableResponseNamesTheTargetAndType() {
        assertThatExceptionOfType(FalcoClientException.class)
            .isThrownBy(() -> this.client.send("not json", Order.class))
            .withMessageContaining("'orders'").withMessageContaining("Order");
    }

    @Test
    void requestsAreTimedPerClientAndOutcome() throws Exception {
        this.client.send("a".getBytes(StandardCharsets.UTF_8));
        this.client.sendAsync("b".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        assertThatExceptionOfType(FalcoRemoteException.class).isThrownBy(() -> this.client.send(new byte[0]));
        assertThat(this.meters.get(FalcoClient.OBSERVATION_NAME).tag("client", "orders").tag("outcome", "OK")
            .timer().count()).isEqualTo(2);
        assertThat(this.meters.get(FalcoClient.OBSERVATION_NAME).tag("outcome", "HANDLER_ERROR")
            .timer().count()).isEqualTo(1);
    }

    @Test
    void requestWithItsOwnTimeoutFailsAtItsDeadlineWhenTheHandlerAnswersLate() throws Exception {
        RequestSpec late = this.client.route("orders.late").timeout(Duration.ofMillis(300));
        // the core client's deadline fails the request (the blocking wait would only give up a second later)
        assertThatExceptionOfType(FalcoTimeoutException.class).isThrownBy(() -> late.send(new byte[] { 1 }))
            .withMessageContaining("within 300 ms (the request's timeout)");
        assertThatExceptionOfType(ExecutionException.class)
            .isThrownBy(() -> late.sendAsync("x", String.class).get(10, TimeUnit.SECONDS))
            .withCauseInstanceOf(FalcoTimeoutException.class);
        assertThat(this.meters.get(FalcoClient.OBSERVATION_NAME).tag("route", "orders.late").tag("outcome", "TIMEOUT")
            .timer().count()).isEqualTo(2);
        this.lateAnswers.countDown();
        // without a timeout of its own a request has the client's (30 s) and gets the late answer
        assertThat(this.client.route("orders.late").send("x", String.class)).isEqualTo("orders.late");
        assertThat(this.client.timeout(Duration.ofSeconds(10)).send("y", String.class)).isEqualTo("y");
    }

    @Test
    void timeoutThatIsNotPositiveIsRefused() {
        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> this.client.timeout(Duration.ZERO).send(new byte[] { 1 }))
            .withMessageContaining("timeout must be positive");
    }

    @Test
    void routeAddressesRequestsToANamedHandler() throws Exception {
        assertThat(this.client.route("orders.create").send("x".getBytes(StandardCharsets.UTF_8)))
            .asString(StandardCharsets.UTF_8).isEqualTo("orders.create");
        assertThat(this.client.route("orders.get").sendAsync("x", String.class).get(5, TimeUnit.SECONDS))
            .isEqualTo("orders.get");
        assertThat(this.meters.get(FalcoClient.OBSERVATION_NAME).tag("route", "orders.create").timer().count())
            .isEqualTo(1);
        assertThat(this.meters.get(FalcoClient.OBSERVATION_NAME).tag("route", "orders.get").timer().count())
            .isEqualTo(1);
    }

    @Test
    void unreadableRoutedResponseNamesTheRoute() {
        assertThatExceptionOfType(FalcoClientException.class)
            .isThrownBy(() -> this.client.route("orders.get").send("x", Order.class))
            .withMessageContaining("route 'orders.get'").withMessageContaining("'orders'");
    }

    @Test
    void emptyRouteIsRefused() {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.client.route(""));
    }

    @Test
    void routeToAPlainV1ServerIsTheUnsupportedFeatureError() {
        try (FalcoClient plain = new FalcoClient("plain", FalcoTcpClient.builder().host("127.0.0.1")
            .port(this.server.port()).key(this.key).mode(ClientMode.V1).build(),
                new PayloadCodecs(JsonMapper.shared()), ObservationRegistry.NOOP)) {
            assertThatExceptionOfType(FalcoUnsupportedFeatureException.class)
                .isThrownBy(() -> plain.route("orders.create").send(new byte[] { 1 }))
                .withMessageContaining("orders.create");
            assertThat(plain.send(new byte[] { 1 })).containsExactly(1);
        }
    }

    @Test
    void metadataToAPlainV1ServerIsTheUnsupportedFeatureErrorNamingTheKeysOnly() {
        try (FalcoClient plain = new FalcoClient("plain", FalcoTcpClient.builder().host("127.0.0.1")
            .port(this.server.port()).key(this.key).mode(ClientMode.V1).build(),
                new PayloadCodecs(JsonMapper.shared()), ObservationRegistry.NOOP)) {
            assertThatExceptionOfType(FalcoUnsupportedFeatureException.class)
                .isThrownBy(() -> plain.metadata("authorization", "Bearer s3cr3t").send(new byte[] { 1 }))
                .withMessageContaining("no metadata")
                .withMessageContaining("authorization")
                .withMessageNotContaining("s3cr3t");
        }
    }

    record Order(String sku, int quantity) {
    }

}
