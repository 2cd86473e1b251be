package io.falcotcp.spring.actuate;

import java.util.UUID;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoServerHealthIndicatorTests {

    @Test
    void aServerOnAPortShowsItsHostAndPort() {
        FalcoServer server = FalcoServer.builder().key(FalcoKey.generate()).host("127.0.0.1").port(0)
            .cryptoWarmUp(false).handler((request, context) -> request).build();
        server.start();
        try {
            Health health = new FalcoServerHealthIndicator(server, null).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("address", "127.0.0.1:" + server.port());
        }
        finally {
            server.stop();
        }
    }

    @Test
    void anInProcessServerShowsItsNameAndTheLocalTransport() {
        String name = "health-" + UUID.randomUUID();
        FalcoServer server = FalcoServer.builder().key(FalcoKey.generate()).inProcess(name).cryptoWarmUp(false)
            .handler((request, context) -> request).build();
        server.start();
        try {
            Health health = new FalcoServerHealthIndicator(server, null).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("address", "local:" + name)
                .containsEntry("transport", "local");
        }
        finally {
            server.stop();
        }
        assertThat(new FalcoServerHealthIndicator(server, null).health().getStatus()).isEqualTo(Status.DOWN);
    }

}
