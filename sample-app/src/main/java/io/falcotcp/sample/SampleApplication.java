package io.falcotcp.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small service that serves FalcoTCP: its default handler echoes what any FalcoTCP v1 client sends, two beans
 * answer JSON routes for orders and inventory, and an HTTP endpoint calls the server through the injected
 * {@code FalcoClient}. The routes show the three places a handler runs: the echo and the order lookup on the event
 * loop ({@code blocking = false}), placing an order on the handler executor (it blocks), the stock level
 * asynchronously. An advice answers the order routes' domain exception. Actuator health and metrics are exposed
 * over HTTP.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

}
