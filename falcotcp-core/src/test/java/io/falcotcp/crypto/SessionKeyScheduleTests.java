package io.falcotcp.crypto;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session key schedule: forward secrecy comes from the ephemeral X25519 secrets, and every input matters.
 */
class SessionKeyScheduleTests {

    private final FalcoKey psk = FalcoKey.generate();

    private final byte[] clientRandom = filled(1);

    private final byte[] serverRandom = filled(2);

    private final byte[] transcript = filled(3);

    @Test
    void sameInputsGiveTheSameKeys() {
        byte[] shared = X25519KeyPair.generate().agree(X25519KeyPair.generate().publicKey());
        SessionKeys first = derive(this.psk, shared, this.transcript);
        SessionKeys second = derive(this.psk, shared, this.transcript);
        assertThat(first.clientToServerKey()).isEqualTo(second.clientToServerKey());
        assertThat(first.serverToClientNonceBase()).isEqualTo(second.serverToClientNonceBase());
    }

    @Test
    void differentEphemeralKeysGiveDifferentSessionKeysUnderTheSamePskAndRandoms() {
        X25519KeyPair server = X25519KeyPair.generate();
        byte[] sharedOne = X25519KeyPair.generate().agree(server.publicKey());
        byte[] sharedTwo = X25519KeyPair.generate().agree(server.publicKey());
        SessionKeys one = derive(this.psk, sharedOne, this.transcript);
        SessionKeys two = derive(this.psk, sharedTwo, this.transcript);
        assertThat(one.clientToServerKey()).isNotEqualTo(two.clientToServerKey());
        assertThat(one.serverToClientKey()).isNotEqualTo(two.serverToClientKey());
        assertThat(one.clientToServerNonceBase()).isNotEqualTo(two.clientToServerNonceBase());
    }

    @Test
    void bothSidesOfAnAgreementDeriveTheSameKeys() {
        X25519KeyPair client = X25519KeyPair.generate();
        X25519KeyPair server = X25519KeyPair.generate();
        SessionKeys clientKeys = derive(this.psk, client.agree(server.publicKey()), this.transcript);
        SessionKeys serverKeys = derive(this.psk, server.agree(client.publicKey()), this.transcript);
        assertThat(clientKeys.clientToServerKey()).isEqualTo(serverKeys.clientToServerKey());
        assertThat(clientKeys.serverToClientKey()).isEqualTo(serverKeys.serverToClientKey());
    }

    @Test
    void directionsHaveSeparateKeysAndNonceBases() {
        SessionKeys keys = derive(this.psk, filled(4), this.transcript);
        assertThat(keys.clientToServerKey()).isNotEqualTo(keys.serverToClientKey());
        assertThat(keys.clientToServerNonceBase()).isNotEqualTo(keys.serverToClientNonceBase());
        assertThat(keys.clientToServerKey()).hasSize(32);
        assertThat(keys.clientToServerNonceBase()).hasSize(12);
    }

    @Test
    void anotherPskOrTranscriptGivesOtherKeys() {
        byte[] shared = filled(4);
        SessionKeys base = derive(this.psk, shared, this.transcript);
        assertThat(derive(FalcoKey.generate(), shared, this.transcript).clientToServerKey())
            .isNotEqualTo(base.clientToServerKey());
        assertThat(derive(this.psk, shared, filled(5)).clientToServerKey()).isNotEqualTo(base.clientToServerKey());
    }

    @Test
    void lowOrderPublicKeyIsRefused() {
        assertThat(X25519KeyPair.generate().agree(new byte[32])).isNull();
        assertThat(X25519KeyPair.generate().agree(new byte[31])).isNull();
    }

    private SessionKeys derive(FalcoKey psk, byte[] shared, byte[] transcript) {
        return SessionKeySchedule.derive(2, psk, shared, this.clientRandom, this.serverRandom, transcript);
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

}
