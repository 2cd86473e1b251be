package io.falcotcp.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.CryptoWarmUp;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mockStatic;

/**
 * {@link FalcoServer#start()} warms the crypto of its engine up before it binds the port, unless told not to.
 */
class ServerCryptoWarmUpTests {

    private final byte[] key = SpecV1Connection.randomBytes(32);

    @Test
    void startWarmsTheConfiguredEngineUpBeforeBindingThePort() throws IOException {
        int port = freePort();
        List<Boolean> listeningDuringWarmUp = new ArrayList<>();
        try (MockedStatic<CryptoWarmUp> warmUp = mockStatic(CryptoWarmUp.class)) {
            warmUp.when(() -> CryptoWarmUp.ensureWarm(any())).thenAnswer((invocation) -> {
                listeningDuringWarmUp.add(accepts(port));
                return null;
            });
            FalcoServer server = TestServers.startEcho(this.key,
                    (builder) -> builder.port(port).cryptoEngine(AeadEngine.BOUNCY_CASTLE));
            try {
                warmUp.verify(() -> CryptoWarmUp.ensureWarm(AeadEngine.BOUNCY_CASTLE));
                assertThat(listeningDuringWarmUp).containsExactly(false);
                assertThat(server.port()).isEqualTo(port);
            }
            finally {
                server.stop();
            }
        }
    }

    @Test
    void aServerBuiltWithoutTheWarmUpStartsWithoutIt() {
        try (MockedStatic<CryptoWarmUp> warmUp = mockStatic(CryptoWarmUp.class)) {
            FalcoServer server = TestServers.startEcho(this.key, (builder) -> builder.cryptoWarmUp(false));
            try {
                assertThat(server.isRunning()).isTrue();
                warmUp.verifyNoInteractions();
            }
            finally {
                server.stop();
            }
        }
    }

    @Test
    void anEngineThatFailsItsWarmUpFailsTheStart() {
        try (MockedStatic<CryptoWarmUp> warmUp = mockStatic(CryptoWarmUp.class)) {
            warmUp.when(() -> CryptoWarmUp.ensureWarm(any()))
                .thenThrow(new IllegalStateException("the JDK AES-GCM engine did not open what it sealed"));
            FalcoServer server = FalcoServer.builder().key(FalcoKey.of(this.key))
                .host("127.0.0.1").port(0).handler(TestServers.ECHO).build();
            assertThatExceptionOfType(FalcoServerStartException.class).isThrownBy(server::start)
                .withMessage("cannot start the FalcoTCP server: the JDK AES-GCM engine did not open what it sealed");
            assertThat(server.isRunning()).isFalse();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

}
