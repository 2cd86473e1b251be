package io.falcotcp.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small service that serves FalcoTCP: its default handler echoes what any FalcoTCP v1 client sends, two beans
 * answer JSON routes for orders and inventory, and an HTTP endpoint calls the server through the injected
 * {@code FalcoClient}. Actuator health and metrics are exposed over HTTP.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

}
