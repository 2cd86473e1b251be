package io.falcotcp.spring.client;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import io.falcotcp.client.FalcoAuthenticationException;
import io.falcotcp.client.FalcoClientException;
import io.falcotcp.client.FalcoConnectionException;
import io.falcotcp.client.FalcoDowngradeException;
import io.falcotcp.client.FalcoProtocolException;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoRequestNotProcessedException;
import io.falcotcp.client.FalcoTimeoutException;
import io.falcotcp.client.FalcoUnsupportedFeatureException;
import io.falcotcp.protocol.RequestStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoRequestOutcomeTests {

    @Test
    void everyServerStatusIsTheOutcomeOfTheSameName() {
        for (RequestStatus status : RequestStatus.values()) {
            assertThat(FalcoRequestOutcome.of(status).name()).isEqualTo(status.name());
        }
    }

    @Test
    void responseIsOk() {
        assertThat(FalcoRequestOutcome.of((Throwable) null)).isEqualTo(FalcoRequestOutcome.OK);
    }

    @Test
    void remoteFailureIsTheStatusTheServerAnswered() {
        assertThat(FalcoRequestOutcome.of(new FalcoRemoteException("bad", RequestStatus.BAD_REQUEST)))
            .isEqualTo(FalcoRequestOutcome.BAD_REQUEST);
        assertThat(FalcoRequestOutcome.of(new CompletionException(
                new FalcoRemoteException("busy", RequestStatus.OVERLOADED)))).isEqualTo(FalcoRequestOutcome.OVERLOADED);
        assertThat(FalcoRequestOutcome.of(new FalcoRemoteException("len = 0")))
            .isEqualTo(FalcoRequestOutcome.EMPTY_RESPONSE);
    }

    @Test
    void clientSideFailuresHaveTheirOwnOutcomes() {
        assertThat(FalcoRequestOutcome.of(new FalcoTimeoutException("late"))).isEqualTo(FalcoRequestOutcome.TIMEOUT);
        assertThat(FalcoRequestOutcome.of(new FalcoConnectionException("refused")))
            .isEqualTo(FalcoRequestOutcome.CONNECTION_FAILED);
        assertThat(FalcoRequestOutcome.of(new FalcoProtocolException("garbage")))
            .isEqualTo(FalcoRequestOutcome.CONNECTION_FAILED);
        assertThat(FalcoRequestOutcome.of(new FalcoRequestNotProcessedException("closing")))
            .isEqualTo(FalcoRequestOutcome.CONNECTION_FAILED);
        assertThat(FalcoRequestOutcome.of(new FalcoDowngradeException("stripped")))
            .isEqualTo(FalcoRequestOutcome.CONNECTION_FAILED);
        assertThat(FalcoRequestOutcome.of(new FalcoAuthenticationException("wrong key")))
            .isEqualTo(FalcoRequestOutcome.AUTHENTICATION_FAILED);
        assertThat(FalcoRequestOutcome.of(new FalcoUnsupportedFeatureException("v1")))
            .isEqualTo(FalcoRequestOutcome.UNSUPPORTED);
        assertThat(FalcoRequestOutcome.of(new CancellationException())).isEqualTo(FalcoRequestOutcome.CANCELLED);
        assertThat(FalcoRequestOutcome.of(new FalcoClientException("too many waiting")))
            .isEqualTo(FalcoRequestOutcome.CLIENT_ERROR);
    }

}
