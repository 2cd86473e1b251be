package io.falcotcp.crypto;

import io.falcotcp.testsupport.SessionTestVectors;
import io.falcotcp.testsupport.SpecSession;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

import static io.falcotcp.testsupport.SessionTestVectors.AUTH_FRAME;
import static io.falcotcp.testsupport.SessionTestVectors.CLIENT_RANDOM;
import static io.falcotcp.testsupport.SessionTestVectors.PSK;
import static io.falcotcp.testsupport.SessionTestVectors.REPLY;
import static io.falcotcp.testsupport.SessionTestVectors.SERVER_RANDOM;
import static io.falcotcp.testsupport.SessionTestVectors.SHARED_SECRET;
import static io.falcotcp.testsupport.SessionTestVectors.TRANSCRIPT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Known answers of the session key schedule: the fixed PSK, randoms and ephemeral keys of the test vectors in
 * {@code docs/protocol.md} give the session keys written there, on both sides of the X25519 exchange. Unlike
 * {@link SessionKeyScheduleTests}, which checks that both ends agree, this catches a mistake both ends would share.
 */
class SessionKeyScheduleVectorTests {

    @Test
    void ephemeralKeysGiveThePublicKeysAndTheSharedSecretOfTheVectors() {
        X25519KeyPair client = new X25519KeyPair(new X25519PrivateKeyParameters(SessionTestVectors.CLIENT_PRIVATE_KEY));
        X25519KeyPair server = new X25519KeyPair(new X25519PrivateKeyParameters(SessionTestVectors.SERVER_PRIVATE_KEY));
        assertThat(client.publicKey()).isEqualTo(SessionTestVectors.CLIENT_PUBLIC_KEY);
        assertThat(server.publicKey()).isEqualTo(SessionTestVectors.SERVER_PUBLIC_KEY);
        assertThat(client.agree(server.publicKey())).isEqualTo(SHARED_SECRET);
        assertThat(server.agree(client.publicKey())).isEqualTo(SHARED_SECRET);
    }

    @Test
    void transcriptIsTheHashOfTheAuthFrameAndTheReply() {
        assertThat(SessionKeySchedule.sha256(AUTH_FRAME, REPLY)).isEqualTo(TRANSCRIPT);
    }

    @Test
    void keyScheduleGivesTheSessionKeysOfTheVectors() {
        SessionKeys keys = SessionKeySchedule.derive(2, FalcoKey.of(PSK), SHARED_SECRET, CLIENT_RANDOM, SERVER_RANDOM,
                TRANSCRIPT);
        assertThat(keys.clientToServerKey()).isEqualTo(SessionTestVectors.CLIENT_TO_SERVER_KEY);
        assertThat(keys.serverToClientKey()).isEqualTo(SessionTestVectors.SERVER_TO_CLIENT_KEY);
        assertThat(keys.clientToServerNonceBase()).isEqualTo(SessionTestVectors.CLIENT_TO_SERVER_NONCE_BASE);
        assertThat(keys.serverToClientNonceBase()).isEqualTo(SessionTestVectors.SERVER_TO_CLIENT_NONCE_BASE);
    }

    @Test
    void specPeerDerivesTheSameKeysFromTheVectors() {
        SpecSession.Keys keys = SpecSession.deriveKeys(PSK, SpecSession.x25519(SessionTestVectors.CLIENT_PRIVATE_KEY,
                SessionTestVectors.SERVER_PUBLIC_KEY), CLIENT_RANDOM, SERVER_RANDOM, AUTH_FRAME, REPLY);
        assertThat(keys.clientToServerKey()).isEqualTo(SessionTestVectors.CLIENT_TO_SERVER_KEY);
        assertThat(keys.serverToClientKey()).isEqualTo(SessionTestVectors.SERVER_TO_CLIENT_KEY);
        assertThat(keys.clientToServerNonceBase()).isEqualTo(SessionTestVectors.CLIENT_TO_SERVER_NONCE_BASE);
        assertThat(keys.serverToClientNonceBase()).isEqualTo(SessionTestVectors.SERVER_TO_CLIENT_NONCE_BASE);
    }

}
