package io.falcotcp.spring.actuate;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters of a server's counters.
 */
class FalcoServerMetricsTests {

    @Test
    void failedAcceptsAreMeteredAsAnOperationsCounter() {
        FalcoServer server = FalcoServer.builder().key(FalcoKey.generate()).handler((request, context) -> request)
            .build();
        MeterRegistry registry = new SimpleMeterRegistry();
        new FalcoServerMetrics(server).bindTo(registry);
        FunctionCounter failures = registry.get("falco.server.accept.failures").functionCounter();
        assertThat(failures.count()).isEqualTo(server.stats().acceptFailures()).isZero();
        assertThat(failures.getId().getBaseUnit()).isEqualTo(BaseUnits.OPERATIONS);
    }

}
