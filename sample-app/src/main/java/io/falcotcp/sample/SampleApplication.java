package io.falcotcp.sample;

import io.falcotcp.server.RequestHandler;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small service that serves FalcoTCP: any FalcoTCP v1 client pointed at it gets its bytes echoed back.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    @Bean
    RequestHandler echoHandler() {
        return (request, context) -> request;
    }

}
