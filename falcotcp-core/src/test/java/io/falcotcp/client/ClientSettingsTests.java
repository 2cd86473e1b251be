package io.falcotcp.client;

import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.transport.TransportKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSettingsTests {

    @Test
    void toStringShowsTheKeyRedacted() {
        FalcoKey key = FalcoKey.generate();
        ClientSettings settings = new ClientSettings(new ServerAddress.Tcp("127.0.0.1", () -> 7878), new ClientKey(key), 1, Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofSeconds(10), 1024, TransportKind.AUTO, 1, AeadEngine.DEFAULT, 16, ClientMode.SESSION, false,
                1024);
        assertThat(settings.toString()).contains("key=ClientKey[redacted]")
            .doesNotContain(Base64.getEncoder().encodeToString(key.toByteArray()))
            .doesNotContainIgnoringCase(HexFormat.of().formatHex(key.toByteArray()));
    }

}
