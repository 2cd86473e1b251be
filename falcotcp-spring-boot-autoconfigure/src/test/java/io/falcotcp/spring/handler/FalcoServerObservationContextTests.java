package io.falcotcp.spring.handler;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.falcotcp.protocol.Metadata;
import io.falcotcp.server.RequestContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoServerObservationContextTests {

    @Test
    void propagatorsReadTheRequestsMetadataWhateverTheCaseOfTheirKeys() {
        MetadataRequestContext request = new MetadataRequestContext(Metadata.builder()
            .propagate("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .propagate("x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736")
            .build());
        FalcoServerObservationContext context = new FalcoServerObservationContext(request, true);
        assertThat(context.getGetter().get(context.getCarrier(), "traceparent"))
            .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(context.getGetter().get(context.getCarrier(), "X-B3-TraceId"))
            .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(context.getGetter().get(context.getCarrier(), "tracestate")).isNull();
    }

    @Test
    void aPlainV1RequestCarriesNoTraceContext() {
        FalcoServerObservationContext context = new FalcoServerObservationContext(TestRequestContext.PLAIN_V1,
                false);
        assertThat(context.getGetter().get(context.getCarrier(), "traceparent")).isNull();
    }

    private static final class MetadataRequestContext implements RequestContext {

        private final Metadata metadata;

        MetadataRequestContext(Metadata metadata) {
            this.metadata = metadata;
        }

        @Override
        public long connectionId() {
            return 7;
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public Metadata metadata() {
            return this.metadata;
        }

    }

}
