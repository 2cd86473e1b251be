package io.falcotcp.sample;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.test.autoconfigure.AutoConfigureTestFalcoTransport;
import io.falcotcp.transport.TransportKind;
import io.netty.channel.local.LocalAddress;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample's routes through its own injected {@link FalcoClient}, in-process: the server listens on no port and
 * the client reaches it through the same pipeline (handshake, session mode, crypto) without a socket.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
@AutoConfigureTestFalcoTransport
class SampleRouteTests {

    @Autowired
    private FalcoServer falcoServer;

    @Autowired
    private FalcoClient falcoClient;

    @Test
    void theServerListensInProcessAndTheClientReachesItThere() {
        assertThat(this.falcoServer.localAddress()).isInstanceOf(LocalAddress.class);
        assertThat(this.falcoClient.send("hello".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("hello");
        assertThat(this.falcoClient.getTcpClient().transport().kind()).isEqualTo(TransportKind.LOCAL);
    }

    @Test
    void jsonTravelsThroughTheDefaultHandler() {
        Order order = new Order("c-42", List.of(new Order.OrderLine("BOOK-1", 2, 1999)));
        assertThat(this.falcoClient.send(order, Order.class)).isEqualTo(order);
    }

    @Test
    void jsonRouteRoundTripsInSessionMode() {
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
    void unknownRouteIsAClearError() {
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
    void unknownOrderIsAnsweredByTheAdviceWithoutTheExceptionsDetails() {
        assertThatExceptionOfType(FalcoRemoteException.class)
            .isThrownBy(() -> this.falcoClient.route("orders.get").send("o-missing", OrderConfirmation.class))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(RequestStatus.BAD_REQUEST))
            .satisfies((ex) -> assertThat(ex.getMessage()).endsWith(": no order o-missing")
                .doesNotContain("order store"));
    }

    @Test
    void undecodableJsonOnARouteIsABadRequest() {
        assertThatExceptionOfType(FalcoRemoteException.class)
            .isThrownBy(() -> this.falcoClient.route("orders.create").send("{not json".getBytes(StandardCharsets.UTF_8)))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(RequestStatus.BAD_REQUEST));
    }

    @Test
    void emptyRequestIsEchoed() {
        assertThat(this.falcoClient.send(new byte[0])).isEmpty();
    }

    @Test
    void theApplicationsOwnClientConnectsOnlyAfterItsServerListens() {
        this.falcoClient.send("warm".getBytes(StandardCharsets.UTF_8));
        assertThat(this.falcoClient.getTcpClient().stats().connectionFailures()).isZero();
    }

}
