package io.falcotcp.spring.test.autoconfigure;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.server.LocalFalcoServerPort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The annotation without its attribute leaves the choice to {@code falco.test.transport}, here {@code socket}.
 */
@SpringBootTest(properties = { "falco.test.transport=socket",
        "falco.server.key=" + AutoConfigureTestFalcoTransportTests.KEY,
        "falco.server.crypto-warm-up=false", "falco.client.host=elsewhere.example.invalid",
        "falco.client.key=" + AutoConfigureTestFalcoTransportTests.KEY })
@AutoConfigureTestFalcoTransport
class AutoConfigureTestFalcoTransportTests {

    static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    @Autowired
    private FalcoServer server;

    @Autowired
    private FalcoClient client;

    @LocalFalcoServerPort
    private int port;

    @Test
    void thePropertyChoosesTheSocketTransportWhenTheAttributeIsNotGiven() {
        assertThat(this.server.localAddress()).isInstanceOf(InetSocketAddress.class);
        assertThat(this.port).isEqualTo(this.server.port());
        assertThat(this.client.send("over tcp".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("over tcp");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class EchoApplication {

        @Bean
        RequestHandler echo() {
            return (request, context) -> request;
        }

    }

}
