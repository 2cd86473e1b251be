package io.falcotcp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoAuthenticationException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.testsupport.Await;
import io.falcotcp.transport.Transport;
import io.falcotcp.transport.TransportKind;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server built with {@code inProcess(name)} and its clients: Netty's local transport through the same pipeline as
 * TCP (handshake, crypto, budgets), without a socket.
 */
class InProcessTransportTests {

    private static final Path OWN_FILE_DESCRIPTORS = Path.of("/proc/self/fd");

    private final FalcoKey key = FalcoKey.generate();

    private final String name = "falcotcp-test-" + UUID.randomUUID();

    private FalcoServer server;

    @AfterEach
    void stopServer() {
        if (this.server != null) {
            this.server.stop();
        }
    }

    @Test
    void aPlainV1RequestRoundTripsInProcess() {
        this.server = startEcho((builder) -> builder);
        try (FalcoTcpClient client = client((builder) -> builder.mode(ClientMode.V1))) {
            assertThat(client.request(bytes("hello in-process"))).asString().isEqualTo("hello in-process");
            assertThat(client.v1Connections()).isOne();
            assertThat(client.transport().kind()).isEqualTo(TransportKind.LOCAL);
        }
        assertThat(this.server.transport().kind()).isEqualTo(TransportKind.LOCAL);
        assertThat(this.server.stats().requests()).isOne();
    }

    @Test
    void aSessionModeRequestToARouteRoundTripsInProcess() {
        this.server = start((builder) -> builder.handler((request, context) -> bytes(context.route() + ": "
                + new String(request, StandardCharsets.UTF_8))));
        try (FalcoTcpClient client = client((builder) -> builder)) {
            assertThat(client.request("orders.create", bytes("one"))).asString().isEqualTo("orders.create: one");
            assertThat(client.request(null, bytes("two"))).asString().isEqualTo("null: two");
            assertThat(client.sessionConnections()).isOne();
        }
        assertThat(this.server.stats().sessionHandshakes()).isOne();
    }

    @Test
    void aClientWithAnotherKeyIsRefused() {
        this.server = startEcho((builder) -> builder);
        try (FalcoTcpClient client = client((builder) -> builder.key(FalcoKey.generate()))) {
            assertThatExceptionOfType(FalcoAuthenticationException.class)
                .isThrownBy(() -> client.request(bytes("let me in")))
                .withMessageContaining("same FalcoTCP key");
            assertThat(client.authenticatedConnections()).isZero();
        }
        assertThat(this.server.stats().authenticationFailures()).isPositive();
        assertThat(this.server.stats().requests()).isZero();
    }

    @Test
    void nothingListensOnOrConnectsToATcpPort() throws IOException {
        assumeTrue(Files.isDirectory(OWN_FILE_DESCRIPTORS), "needs /proc/self/fd");
        Set<String> socketsBefore = openSockets();
        this.server = startEcho((builder) -> builder.port(0));
        try (FalcoTcpClient client = client((builder) -> builder.poolSize(2))) {
            assertThat(client.request(bytes("no socket"))).asString().isEqualTo("no socket");
            assertThat(List.copyOf(this.server.connections())).isNotEmpty()
                .allSatisfy((channel) -> assertThat(channel).isInstanceOf(LocalChannel.class));
            Set<String> opened = openSockets();
            opened.removeAll(socketsBefore);
            assertThat(opened).as("sockets opened by the in-process server and client").isEmpty();
        }
        assertThat(this.server.localAddress()).isEqualTo(new LocalAddress(this.name));
        assertThatIllegalStateException().isThrownBy(this.server::port).withMessageContaining("in-process");
    }

    @Test
    void inProcessConnectionsShareThePendingHandshakeBudgetOfOneSourceAddress() throws Exception {
        // the second silent connection must outlive the eviction of the first: not by the default 3 s handshake
        // timeout, which busy cores can spend before the test looks
        this.server = startEcho((builder) -> builder.maxPendingHandshakesPerAddress(1)
            .handshakeTimeout(Duration.ofSeconds(30)));
        Transport local = Transport.select(TransportKind.LOCAL);
        EventLoopGroup group = local.newEventLoopGroup(1, "silent-client");
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(local.clientChannelClass())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        // a client that connects and never sends its auth frame
                    }
                });
            Channel first = bootstrap.connect(new LocalAddress(this.name)).sync().channel();
            // the server admits connections on either of its loops: the second must come after the first's admission
            Await.until("the first connection admitted", () -> this.server.stats().pendingHandshakes() == 1);
            Channel second = bootstrap.connect(new LocalAddress(this.name)).sync().channel();
            assertThat(first.closeFuture().await(10, TimeUnit.SECONDS)).as("the older silent connection is evicted")
                .isTrue();
            assertThat(second.isActive()).isTrue();
            assertThat(this.server.stats().evictedHandshakes()).isOne();
            second.close().sync();
        }
        finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void stoppingAnswersTheRequestInFlightBeforeTheConnectionCloses() throws Exception {
        CountDownLatch handlerStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        this.server = start((builder) -> builder.handler((request, context) -> {
            handlerStarted.countDown();
            release.await(10, TimeUnit.SECONDS);
            return request;
        }));
        try (FalcoTcpClient client = client((builder) -> builder)) {
            CompletableFuture<byte[]> response = client.requestAsync(bytes("last one"));
            assertThat(handlerStarted.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.server::stop);
            release.countDown();
            assertThat(response.get(10, TimeUnit.SECONDS)).asString().isEqualTo("last one");
            stopped.get(10, TimeUnit.SECONDS);
        }
        assertThat(this.server.isRunning()).isFalse();
    }

    @Test
    void aSecondServerUnderTheSameNameFailsToStartNamingIt() {
        this.server = startEcho((builder) -> builder);
        FalcoServer second = FalcoServer.builder().key(this.key).inProcess(this.name).cryptoWarmUp(false)
            .handler(TestServers.ECHO).build();
        assertThatExceptionOfType(FalcoServerStartException.class).isThrownBy(second::start)
            .withMessageContaining("'" + this.name + "'");
        assertThat(second.isRunning()).isFalse();
    }

    @Test
    void theLocalTransportIsNotChosenWithTransport() {
        assertThatIllegalArgumentException().isThrownBy(() -> FalcoServer.builder().transport(TransportKind.LOCAL))
            .withMessageContaining("inProcess(name)");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> FalcoTcpClient.builder().transport(TransportKind.LOCAL))
            .withMessageContaining("inProcess(name)");
    }

    private FalcoServer startEcho(UnaryOperator<FalcoServer.Builder> customizer) {
        return start((builder) -> customizer.apply(builder.handler(TestServers.ECHO)));
    }

    private FalcoServer start(UnaryOperator<FalcoServer.Builder> customizer) {
        FalcoServer.Builder builder = FalcoServer.builder().key(this.key).inProcess(this.name).eventLoopThreads(2)
            .handlerThreads(2).shutdownGracePeriod(Duration.ofSeconds(5)).cryptoWarmUp(false);
        FalcoServer started = customizer.apply(builder).build();
        started.start();
        return started;
    }

    private FalcoTcpClient client(UnaryOperator<FalcoTcpClient.Builder> customizer) {
        return customizer.apply(FalcoTcpClient.builder().key(this.key).inProcess(this.name).cryptoWarmUp(false)
            .requestTimeout(Duration.ofSeconds(10))).build();
    }

    private static Set<String> openSockets() throws IOException {
        Set<String> sockets = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(OWN_FILE_DESCRIPTORS)) {
            descriptors.forEach((descriptor) -> {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:")) {
                        sockets.add(target);
                    }
                }
                catch (IOException ex) {
                    // a descriptor closed while listed (the listing's own, or another thread's)
                }
            });
        }
        return sockets;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
