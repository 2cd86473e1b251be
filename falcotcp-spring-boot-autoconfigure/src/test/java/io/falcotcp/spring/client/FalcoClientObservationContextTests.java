package io.falcotcp.spring.client;

import java.util.Map;

import io.falcotcp.protocol.Metadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoClientObservationContextTests {

    private final Metadata callers = Metadata.of("tenant", "acme");

    private final FalcoClientObservationContext context = new FalcoClientObservationContext("orders",
            "orders.create", this.callers);

    @Test
    void withoutPropagationTheCallersMetadataIsSentAsItIs() {
        assertThat(this.context.getMetadata()).isSameAs(this.callers);
    }

    @Test
    void propagatedEntriesJoinTheCallersMetadataWithTheirKeysInLowerCase() {
        propagate("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        propagate("X-B3-TraceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        Metadata sent = this.context.getMetadata();
        assertThat(sent.asMap()).containsExactly(Map.entry("tenant", "acme"),
                Map.entry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                Map.entry("x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(this.context.getMetadata()).isSameAs(sent);
    }

    @Test
    void entriesMetadataCannotHoldAreDroppedAndTheRequestGoesAhead() {
        propagate("baggage key", "x");
        propagate("huge", "x".repeat(Metadata.MAX_ENCODED_LENGTH));
        assertThat(this.context.getMetadata().asMap()).containsOnlyKeys("tenant");
    }

    private void propagate(String key, String value) {
        this.context.getSetter().set(this.context.getCarrier(), key, value);
    }

}
