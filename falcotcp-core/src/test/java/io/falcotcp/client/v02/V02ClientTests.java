package io.falcotcp.client.v02;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.client.FalcoConnectionException;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTimeoutException;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.v02.V02Compression;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.testsupport.Await;
import io.falcotcp.testsupport.V02Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link V02Client} against a {@link FalcoServer}'s 0.2 port, and against {@link V02Wire}, a 0.2 peer written in the
 * test from the format's description.
 */
class V02ClientTests {

    private final FalcoKey key = FalcoKey.generate();

    @ParameterizedTest
    @EnumSource(V02Compression.class)
    void makesRoundTripsWithTheServerInEachCompression(V02Compression compression) {
        byte[] message = ("round trip " + "xyz".repeat(3000)).getBytes(StandardCharsets.UTF_8);
        try (FalcoServer server = echoServer(this.key, Duration.ofSeconds(3));
                V02Client client = client(server.v02Port(), compression, Duration.ofSeconds(10))) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.request(message)).isEqualTo(message);
            }
        }
    }

    @Test
    void sendsConcurrentRequestsOneAtATimeAndAnswersEachItsOwn() throws Exception {
        try (FalcoServer server = echoServer(this.key, Duration.ofSeconds(3));
                V02Client client = client(server.v02Port(), V02Compression.LZ4, Duration.ofSeconds(20))) {
            List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(client.requestAsync(("request " + i).getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(answers.get(i).get(20, TimeUnit.SECONDS)).asString().isEqualTo("request " + i);
            }
        }
    }

    @Test
    void speaksTheFormatAsAnIndependentPeerReadsAndWritesIt() throws Exception {
        byte[] keyBytes = this.key.toByteArray();
        AtomicInteger seenCode = new AtomicInteger(-1);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                V02Client client = client(listener.getLocalPort(), V02Compression.GZIP, Duration.ofSeconds(10))) {
            CompletableFuture<byte[]> answer = client.requestAsync("to an independent peer"
                    .getBytes(StandardCharsets.UTF_8));
            try (Socket accepted = listener.accept(); V02Wire peer = V02Wire.over(accepted, keyBytes)) {
                V02Wire.Frame request = peer.readMessage();
                seenCode.set(request.code());
                peer.send(new String(request.payload(), StandardCharsets.UTF_8).toUpperCase()
                        .getBytes(StandardCharsets.UTF_8), V02Wire.ZSTD);
                assertThat(answer.get(10, TimeUnit.SECONDS)).asString().isEqualTo("TO AN INDEPENDENT PEER");
            }
        }
        assertThat(seenCode.get()).isEqualTo(V02Wire.GZIP);
    }

    @Test
    void failsARequestWhoseHandlerFailedWithARemoteException() {
        try (FalcoServer server = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0).v02Port(0)
                .handler((request, context) -> {
                    throw new IllegalStateException("fails on purpose");
                }).cryptoWarmUp(false).shutdownGracePeriod(Duration.ofMillis(200)).build();
                V02Client client = startedClient(server, Duration.ofSeconds(10))) {
            assertThatExceptionOfType(FalcoRemoteException.class).isThrownBy(() -> client.request(new byte[] { 1 }))
                    .withMessageContaining("could not produce a response");
        }
    }

    @Test
    void failsARequestThatTheServerCannotOpenUnderItsKey() {
        try (FalcoServer server = echoServer(FalcoKey.generate(), Duration.ofSeconds(30));
                V02Client client = client(server.v02Port(), V02Compression.NONE, Duration.ofSeconds(10))) {
            assertThatExceptionOfType(FalcoRemoteException.class).isThrownBy(() -> client.request(new byte[] { 1 }))
                    .withMessageContaining("could not open the request (another key?)");
        }
    }

    @Test
    void timesOutAgainstAPeerThatNeverAnswersAndSaysWhatThatMayMean() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                V02Client client = client(silent.getLocalPort(), V02Compression.NONE, Duration.ofMillis(300))) {
            assertThatExceptionOfType(FalcoTimeoutException.class).isThrownBy(() -> client.request(new byte[] { 1 }))
                    .withMessageContaining("another key");
        }
    }

    @Test
    void reconnectsAfterTheServerClosedAnIdleConnection() throws Exception {
        try (FalcoServer server = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0).v02Port(0)
                .v02IdleTimeout(Duration.ofSeconds(2)).handler((request, context) -> request).cryptoWarmUp(false)
                .shutdownGracePeriod(Duration.ofMillis(200)).build();
                V02Client client = startedClient(server, Duration.ofSeconds(10))) {
            // an idle timeout of 2 s, not less: each request must reach its connection before the timeout, which a
            // loaded machine could not promise within 300 ms
            assertThat(client.request(new byte[] { 1 })).containsExactly(1);
            // the idle connection is closed by the server: wait until it is gone from the server's count
            Await.until("the idle connection closed", () -> server.stats().activeConnections() == 0);
            assertThat(client.request(new byte[] { 2 })).containsExactly(2);
        }
    }

    @Test
    void failsEveryRequestWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        try (V02Client client = client(port, V02Compression.NONE, Duration.ofSeconds(10))) {
            assertThatExceptionOfType(FalcoConnectionException.class).isThrownBy(() -> client.request(new byte[0]))
                    .withMessageContaining("cannot connect");
        }
    }

    @Test
    void failsRequestsInFlightWhenClosed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FalcoServer server = FalcoServer.builder().key(this.key).host("127.0.0.1").port(0).v02Port(0)
                .handler((request, context) -> {
                    release.await(10, TimeUnit.SECONDS);
                    return request;
                }).cryptoWarmUp(false).shutdownGracePeriod(Duration.ofMillis(200)).build()) {
            server.start();
            V02Client client = client(server.v02Port(), V02Compression.NONE, Duration.ofSeconds(10));
            CompletableFuture<byte[]> inFlight = client.requestAsync(new byte[] { 1 });
            CompletableFuture<byte[]> queued = client.requestAsync(new byte[] { 2 });
            client.close();
            release.countDown();
            assertThat(inFlight).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                    .withCauseInstanceOf(FalcoConnectionException.class);
            assertThat(queued).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                    .withCauseInstanceOf(FalcoConnectionException.class);
        }
    }

    private FalcoServer echoServer(FalcoKey serverKey, Duration handshakeTimeout) {
        FalcoServer server = FalcoServer.builder().key(serverKey).host("127.0.0.1").port(0).v02Port(0)
                .handler((request, context) -> request).handshakeTimeout(handshakeTimeout).cryptoWarmUp(false)
                .shutdownGracePeriod(Duration.ofMillis(200)).build();
        server.start();
        return server;
    }

    private V02Client startedClient(FalcoServer server, Duration timeout) {
        server.start();
        return client(server.v02Port(), V02Compression.NONE, timeout);
    }

    private V02Client client(int port, V02Compression compression, Duration timeout) {
        return V02Client.builder().host("127.0.0.1").port(port).key(this.key).compression(compression)
                .requestTimeout(timeout).build();
    }

}
