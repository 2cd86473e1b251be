package io.falcotcp.sample;

import java.nio.charset.StandardCharsets;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.spring.server.LocalFalcoServerPort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample started with {@code falco.server.port=0}: the port it bound is injectable with
 * {@link LocalFalcoServerPort @LocalFalcoServerPort} (the starter registers the initializer that publishes it).
 * The sample's own client takes its endpoint's port from {@code falco.server.port}, which 0 cannot serve: it gets an
 * endpoint of its own and is not used here (it connects on first use).
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
        properties = { "falco.server.port=0", "falco.client.endpoints=127.0.0.1:1" })
class LocalFalcoServerPortTests {

    @LocalFalcoServerPort
    int port;

    @Value("${falco.server.key}")
    String key;

    @Test
    void aClientReachesTheServerOnTheInjectedPort() {
        assertThat(this.port).isPositive();
        try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(this.port)
            .key(FalcoKey.parse(this.key)).mode(ClientMode.V1).build()) {
            assertThat(client.request("port zero".getBytes(StandardCharsets.UTF_8))).asString()
                .isEqualTo("port zero");
        }
    }

}
