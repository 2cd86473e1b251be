package io.falcotcp.client;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.CryptoWarmUp;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;

import static org.mockito.Mockito.mockStatic;

/**
 * {@link FalcoTcpClient.Builder#build()} warms the crypto of its engine up, unless told not to.
 */
class ClientCryptoWarmUpTests {

    private final FalcoTcpClient.Builder builder = FalcoTcpClient.builder().host("127.0.0.1").port(7878)
        .key(FalcoKey.generate()).connectOnBuild(false);

    @Test
    void buildWarmsTheConfiguredEngineUp() {
        try (MockedStatic<CryptoWarmUp> warmUp = mockStatic(CryptoWarmUp.class);
                FalcoTcpClient client = this.builder.cryptoEngine(AeadEngine.BOUNCY_CASTLE).build()) {
            warmUp.verify(() -> CryptoWarmUp.ensureWarm(AeadEngine.BOUNCY_CASTLE));
        }
    }

    @Test
    void aClientBuiltWithoutTheWarmUpHasNone() {
        try (MockedStatic<CryptoWarmUp> warmUp = mockStatic(CryptoWarmUp.class);
                FalcoTcpClient client = this.builder.cryptoWarmUp(false).build()) {
            warmUp.verifyNoInteractions();
        }
    }

}
