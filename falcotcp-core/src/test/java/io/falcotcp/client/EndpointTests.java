package io.falcotcp.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EndpointTests {

    @Test
    void parsesHostAndPort() {
        assertThat(Endpoint.parse(" falco-0.falco.svc:7878 ")).isEqualTo(new Endpoint("falco-0.falco.svc", 7878));
    }

    @Test
    void parsesAnIpv6AddressInBracketsAndWritesItSo() {
        Endpoint endpoint = Endpoint.parse("[::1]:7878");
        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint).hasToString("[::1]:7878");
    }

    @Test
    void refusesTextWithoutAPort() {
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("falco"))
            .withMessage("'falco' is not host:port");
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("falco:70000"))
            .withMessageContaining("between 1 and 65535 (got 70000)");
    }

    @Test
    void refusesAnUnbracketedIpv6Address() {
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("::1:7878"))
            .withMessageContaining("in brackets");
    }

}
