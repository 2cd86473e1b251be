package io.falcotcp.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.client.FalcoClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    private FalcoServer falcoServer;

    @Autowired
    private FalcoClient falcoClient;

    @Value("${falco.server.key}")
    private String key;

    @LocalServerPort
    private int httpPort;

    // the client of the demo endpoints needs the server's port before the server binds it
    private static final int FALCO_PORT = TestSocketUtils.findAvailableTcpPort();

    @DynamicPropertySource
    static void falcoPort(DynamicPropertyRegistry registry) {
        registry.add("falco.server.port", () -> FALCO_PORT);
        registry.add("falco.server.host", () -> "127.0.0.1");
    }

    @Test
    void defaultHandlerEchoesToAClientWrittenFromTheSpec() throws Exception {
        try (SpecV1Client client = SpecV1Client.connect(this.falcoServer.port(), this.key)) {
            assertThat(client.request("hello falco".getBytes(StandardCharsets.UTF_8))).asString()
                .isEqualTo("hello falco");
            assertThat(client.request(new byte[] { 0, 1, 2, (byte) 255 })).containsExactly(0, 1, 2, 255);
        }
    }

    @Test
    void emptyRequestIsEchoedAsAnEncryptedEmptyResponse() throws Exception {
        try (SpecV1Client client = SpecV1Client.connect(this.falcoServer.port(), this.key)) {
            byte[] sealed = client.exchange(new byte[0]);
            assertThat(sealed).as("len: nonce and tag of an empty plaintext").hasSize(28);
            assertThat(client.open(sealed)).isEmpty();
            assertThat(client.request("still open".getBytes(StandardCharsets.UTF_8))).asString()
                .isEqualTo("still open");
        }
    }

    @Test
    void jsonTravelsThroughTheDefaultHandlerWithTheInjectedClient() {
        Order order = new Order("c-42", List.of(new Order.OrderLine("BOOK-1", 2, 1999)));
        assertThat(this.falcoClient.send(order, Order.class)).isEqualTo(order);
    }

    @Test
    void jsonRouteRoundTripsThroughTheInjectedClientInSessionMode() {
        Order order = new Order("c-7", List.of(new Order.OrderLine("BOOK-1", 2, 1999),
                new Order.OrderLine("PEN-3", 1, 250)));
        OrderConfirmation confirmation = this.falcoClient.route("orders.create").send(order, OrderConfirmation.class);
        assertThat(this.falcoClient.getTcpClient().sessionConnections()).isPositive();
        assertThat(confirmation.customerId()).isEqualTo("c-7");
        assertThat(confirmation.totalCents()).isEqualTo(2 * 1999 + 250);
        assertThat(this.falcoClient.route("orders.get").send(confirmation.orderId(), OrderConfirmation.class))
            .isEqualTo(confirmation);
    }

    @Test
    void routeOnASecondBeanIsReached() {
        InventoryHandlers.StockLevel level = this.falcoClient.route("inventory.stock")
            .send(new InventoryHandlers.StockQuery("BOOK-1"), InventoryHandlers.StockLevel.class);
        // the stock count exists only on the inventory bean: an echo would not carry it
        assertThat(level).isEqualTo(new InventoryHandlers.StockLevel("BOOK-1", 12));
    }

    @Test
    void unknownRouteIsAClearErrorOverTheWire() {
        assertThatExceptionOfType(FalcoRemoteException.class)
            .isThrownBy(() -> this.falcoClient.route("orders.cancel").send("x".getBytes(StandardCharsets.UTF_8)))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(RequestStatus.UNKNOWN_ROUTE))
            .withMessageContaining("orders.cancel");
    }

    @Test
    void handlerRefusalCarriesItsStatusAndSafeMessage() {
        assertThatExceptionOfType(FalcoRemoteException.class)
            .isThrownBy(() -> this.falcoClient.route("orders.create").send(new Order("c-1", List.of()),
                    OrderConfirmation.class))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(RequestStatus.BAD_REQUEST))
            .withMessageContaining("an order needs at least one line");
    }

    @Test
    void undecodableJsonOnARouteIsABadRequest() {
        assertThatExceptionOfType(FalcoRemoteException.class)
            .isThrownBy(() -> this.falcoClient.route("orders.create").send("{not json".getBytes(StandardCharsets.UTF_8)))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(RequestStatus.BAD_REQUEST));
    }

    @Test
    void demoOrderEndpointGoesThroughTheRoute() throws Exception {
        HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/demo/orders"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                    "{\"customerId\":\"c-9\",\"lines\":[{\"sku\":\"BOOK-1\",\"quantity\":1,\"unitPriceCents\":1999}]}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"customerId\":\"c-9\"").contains("\"totalCents\":1999");
    }

    @Test
    void theApplicationsOwnClientConnectsOnlyAfterItsServerListens() {
        this.falcoClient.send("warm".getBytes(StandardCharsets.UTF_8));
        assertThat(this.falcoClient.getTcpClient().stats().connectionFailures()).isZero();
    }

    @Test
    void emptyRequestIsEchoedThroughTheInjectedClient() {
        assertThat(this.falcoClient.send(new byte[0])).isEmpty();
    }

    @Test
    void demoEndpointCallsTheServerThroughFalcoClient() throws Exception {
        HttpResponse<String> response = post("/demo/echo", "hello over http");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello over http");
    }

    @Test
    void healthOverHttpShowsTheFalcoServerWithItsTransportAndRoutes() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"falco\"").contains("\"transport\":\""
                + this.falcoServer.transport().name() + "\"")
            .contains("orders.create").contains("inventory.stock")
            .doesNotContain(this.key);
    }

    @Test
    void requestTimersAreExposedOverHttp() throws Exception {
        this.falcoClient.send("timed".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> server = get("/actuator/metrics/falco.server.requests");
        assertThat(server.statusCode()).isEqualTo(200);
        assertThat(server.body()).contains("\"route\"").contains("(default)");
        assertThat(get("/actuator/metrics/falco.client.requests").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics/falco.server.connections.active").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.httpPort + path);
    }

}
