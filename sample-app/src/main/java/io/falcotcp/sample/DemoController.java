package io.falcotcp.sample;

import java.nio.charset.StandardCharsets;

import io.falcotcp.spring.client.FalcoClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP endpoints that call this application's FalcoTCP server through the injected {@link FalcoClient}, so the
 * whole path (client, encryption, server, handler) can be tried with curl.
 */
@RestController
class DemoController {

    private final FalcoClient falcoClient;

    DemoController(FalcoClient falcoClient) {
        this.falcoClient = falcoClient;
    }

    /**
     * Sends the body to the default handler and returns its answer: {@code curl -d hello localhost:8080/demo/echo}.
     * @param text the text to echo
     * @return the echoed text
     */
    @PostMapping("/demo/echo")
    String echo(@RequestBody String text) {
        return new String(this.falcoClient.send(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /**
     * Sends an order as JSON to the default handler, which echoes it, and reads the answer back as an order: the
     * JSON codecs of client and handler at work.
     * @param order the order
     * @return the order as the server returned it
     */
    @PostMapping("/demo/order-echo")
    Order orderEcho(@RequestBody Order order) {
        return this.falcoClient.send(order, Order.class);
    }

    /**
     * Places an order through the {@code orders.create} route:
     * {@code curl -H 'Content-Type: application/json' -d '{"customerId":"c-1","lines":[{"sku":"BOOK-1","quantity":1,"unitPriceCents":1999}]}' localhost:8080/demo/orders}.
     * @param order the order
     * @return the server's confirmation
     */
    @PostMapping("/demo/orders")
    OrderConfirmation placeOrder(@RequestBody Order order) {
        return this.falcoClient.route("orders.create").send(order, OrderConfirmation.class);
    }

}
