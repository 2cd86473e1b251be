package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.Endpoint;
import io.falcotcp.spring.autoconfigure.FalcoClientProperties.ClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoClientPropertiesTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private static final String TARGET_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void settingsShowEverythingButTheKey() {
        FalcoClientProperties properties = new FalcoClientProperties();
        properties.setHost("orders.internal");
        properties.setKey(KEY);
        properties.getTargets().put("billing", new FalcoClientProperties.Target());
        properties.getTargets().get("billing").setKey(TARGET_KEY);
        ClientSettings settings = properties.defaultClient();
        assertThat(settings.toString()).contains("host=orders.internal", "key=[redacted]", "mode=SESSION")
            .doesNotContain(KEY).doesNotContain(KEY.substring(0, 12));
        assertThat(properties.target("billing").toString()).contains("key=[redacted]")
            .doesNotContain(TARGET_KEY).doesNotContain(TARGET_KEY.substring(0, 12));
    }

    @Test
    void settingsShowWhereTheKeyFileIsButNotItsContent(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("falco.key"), KEY);
        FalcoClientProperties properties = new FalcoClientProperties();
        properties.setKeyFile(new FileSystemResource(file));
        assertThat(properties.defaultClient().toString()).contains("key=null", file.toString())
            .doesNotContain(KEY);
        properties.setKeyFile(new ByteArrayResource(KEY.getBytes(StandardCharsets.US_ASCII)));
        assertThat(properties.defaultClient().toString()).doesNotContain(KEY);
    }

    @Test
    void targetsInheritTheModeUnlessTheySetTheirOwn() {
        FalcoClientProperties properties = new FalcoClientProperties();
        properties.setMode(ClientMode.V1);
        properties.getTargets().put("legacy", new FalcoClientProperties.Target());
        properties.getTargets().put("orders", new FalcoClientProperties.Target());
        properties.getTargets().get("orders").setMode(ClientMode.AUTO);
        assertThat(properties.target("legacy").mode()).isEqualTo(ClientMode.V1);
        assertThat(properties.target("orders").mode()).isEqualTo(ClientMode.AUTO);
        assertThat(new FalcoClientProperties().defaultClient().mode()).isEqualTo(ClientMode.SESSION);
    }

    @Test
    void targetsInheritTheIdempotentRoutesUnlessTheySetTheirOwn() {
        FalcoClientProperties properties = new FalcoClientProperties();
        properties.setIdempotentRoutes(Set.of("orders.get"));
        properties.getTargets().put("inherits", new FalcoClientProperties.Target());
        properties.getTargets().put("own", new FalcoClientProperties.Target());
        properties.getTargets().get("own").setIdempotentRoutes(Set.of());
        assertThat(properties.defaultClient().idempotentRoutes()).containsExactly("orders.get");
        assertThat(properties.target("inherits").idempotentRoutes()).containsExactly("orders.get");
        assertThat(properties.target("own").idempotentRoutes()).isEmpty();
        assertThat(new FalcoClientProperties().defaultClient().idempotentRoutes()).isEmpty();
    }

    @Test
    void targetsTakeTheDefaultServersOnlyWhenTheySetNoneOfTheirOwn() {
        FalcoClientProperties properties = new FalcoClientProperties();
        properties.setHost("search.prod.svc.cluster.local");
        properties.setResolveAll(true);
        properties.getTargets().put("inherits", new FalcoClientProperties.Target());
        properties.getTargets().put("listed", new FalcoClientProperties.Target());
        properties.getTargets().get("listed").setEndpoints(List.of("a.internal:7878", "b.internal:7878"));
        assertThat(properties.target("inherits").host()).isEqualTo("search.prod.svc.cluster.local");
        assertThat(properties.target("inherits").resolveAll()).isTrue();
        ClientSettings listed = properties.target("listed");
        assertThat(listed.host()).isNull();
        assertThat(listed.resolveAll()).isFalse();
        assertThat(listed.parsedEndpoints()).containsExactly(new Endpoint("a.internal", 7878),
                new Endpoint("b.internal", 7878));
        properties.afterPropertiesSet();
    }

}
