package io.falcotcp.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.SessionMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link FalcoServer#replaceKeys(List)} on a running server, checked with peers written from the protocol
 * documents: connections accepted afterwards authenticate with the new keys only, in both modes, and connections
 * established before keep working with the key they proved.
 */
class KeyReplacementTests {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private final FalcoKey oldKey = FalcoKey.generate();

    private final FalcoKey newKey = FalcoKey.generate();

    private FalcoServer server;

    @AfterEach
    void stop() {
        if (this.server != null) {
            this.server.stop();
        }
    }

    @Test
    void connectionsAcceptedAfterAReplacementUseTheNewKeysAndEstablishedOnesKeepTheirs() throws Exception {
        this.server = TestServers.startEcho(this.oldKey.toByteArray(), (builder) -> { });
        int port = this.server.port();
        try (SpecV1Connection v1 = SpecV1Connection.open(port, this.oldKey.toByteArray());
                SessionTestConnection session = SessionTestConnection.open(port, this.oldKey)) {
            assertThat(v1.request(bytes("before"))).isEqualTo(bytes("before"));
            this.server.replaceKeys(List.of(this.newKey));
            assertThat(this.server.stats().keyReplacements()).isEqualTo(1);

            try (SpecV1Connection refused = SpecV1Connection.connect(port, this.oldKey.toByteArray())) {
                refused.write(SpecV1Connection.authFrame(this.oldKey.toByteArray()));
                refused.assertClosedWithoutData(CLOSE_WAIT);
            }
            try (SessionTestConnection refused = SessionTestConnection.hello(port, this.oldKey)) {
                assertThat(refused.closesWithoutAnswer(CLOSE_WAIT)).isTrue();
            }
            try (SpecV1Connection renewed = SpecV1Connection.open(port, this.newKey.toByteArray());
                    SessionTestConnection renewedSession = SessionTestConnection.open(port, this.newKey)) {
                assertThat(renewed.request(bytes("new v1"))).isEqualTo(bytes("new v1"));
                renewedSession.write(renewedSession.frame(new SessionMessage.Request(1, null, bytes("new session"))));
                assertThat(renewedSession.readResponse().body()).isEqualTo(bytes("new session"));
            }

            assertThat(v1.request(bytes("after"))).isEqualTo(bytes("after"));
            session.write(session.frame(new SessionMessage.Request(7, null, bytes("still here"))));
            assertThat(session.readResponse().body()).isEqualTo(bytes("still here"));
        }
    }

    @Test
    void aRotationAcceptsBothKeysWhileTheOldIsListed() throws Exception {
        this.server = TestServers.startEcho(this.oldKey.toByteArray(), (builder) -> { });
        this.server.replaceKeys(List.of(this.newKey, this.oldKey));
        for (FalcoKey key : List.of(this.newKey, this.oldKey)) {
            try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), key.toByteArray())) {
                assertThat(connection.request(bytes("either"))).isEqualTo(bytes("either"));
            }
        }
    }

    @Test
    void anEmptyKeyListIsRefusedAndTheKeysStay() throws Exception {
        this.server = TestServers.startEcho(this.oldKey.toByteArray(), (builder) -> { });
        assertThatIllegalArgumentException().isThrownBy(() -> this.server.replaceKeys(List.of()))
            .withMessageContaining("at least one key");
        assertThat(this.server.stats().keyReplacements()).isZero();
        try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.oldKey.toByteArray())) {
            assertThat(connection.request(bytes("kept"))).isEqualTo(bytes("kept"));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
