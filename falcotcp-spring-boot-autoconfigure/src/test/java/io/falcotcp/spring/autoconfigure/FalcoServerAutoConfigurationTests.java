package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoAuthenticationException;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.client.v02.V02Client;
import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.CryptoWarmUp;
import io.falcotcp.protocol.v02.V02Compression;
import io.falcotcp.server.AsyncRequestHandler;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.FalcoServerStartException;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.spring.handler.FalcoHandler;
import io.falcotcp.spring.handler.FalcoHandlerRegistry;
import io.falcotcp.spring.handler.InvalidFalcoHandlerException;
import io.falcotcp.spring.server.FalcoServerLifecycle;
import io.falcotcp.spring.server.FalcoServerStartedEvent;
import io.falcotcp.testsupport.SpecSessionConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedStatic;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mockStatic;

class FalcoServerAutoConfigurationTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoServerAutoConfiguration.class))
        .withPropertyValues("falco.server.port=0", "falco.server.host=127.0.0.1");

    @Test
    void noRequestHandlerMeansNoServer() {
        this.runner.withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FalcoServer.class));
    }

    @Test
    void falcoHandlerMethodsStartServerThatAnswersOverTheWire() {
        this.runner.withUserConfiguration(AnnotatedHandlers.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> {
                assertThat(context).hasSingleBean(FalcoHandlerRegistry.class);
                assertThat(context.getBean(FalcoHandlerRegistry.class).routes()).containsExactly("text.shout");
                FalcoServer server = context.getBean(FalcoServer.class);
                try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                    .key(FalcoKey.parse(KEY)).build()) {
                    assertThat(client.request("ping".getBytes(StandardCharsets.UTF_8))).asString()
                        .isEqualTo("pong: ping");
                }
            });
    }

    @Test
    void handlerExceptionIsARemoteErrorForPlainV1Clients() {
        this.runner.withUserConfiguration(FailingHandler.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> {
                FalcoServer server = context.getBean(FalcoServer.class);
                try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                    .key(FalcoKey.parse(KEY)).mode(ClientMode.V1).build()) {
                    // a plain v1 client gets the empty response, which carries no status
                    assertThatExceptionOfType(FalcoRemoteException.class)
                        .isThrownBy(() -> client.request(new byte[] { 1 }))
                        .satisfies((ex) -> assertThat(ex.status()).isNull());
                    assertThat(client.v1Connections()).isEqualTo(1);
                    assertThat(client.sessionConnections()).isZero();
                }
            });
    }

    @Test
    void enabledTrueStartsServerWithoutHandlers() {
        this.runner.withPropertyValues("falco.server.key=" + KEY, "falco.server.enabled=true")
            .run((context) -> assertThat(context.getBean(FalcoServer.class).isRunning()).isTrue());
    }

    @Test
    void userRequestHandlerReplacesTheAnnotationDispatcher() {
        this.runner.withUserConfiguration(EchoHandler.class, AnnotatedHandlers.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> assertThat(context).hasSingleBean(FalcoServer.class)
                .doesNotHaveBean(FalcoHandlerRegistry.class));
    }

    @Test
    void twoDefaultHandlersFailStartUpNamingBothMethods() {
        this.runner.withUserConfiguration(AnnotatedHandlers.class, SecondDefaultHandler.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> assertThat(context.getStartupFailure())
                .isInstanceOf(InvalidFalcoHandlerException.class)
                .hasMessageContaining("AnnotatedHandlers#reply(String)")
                .hasMessageContaining("SecondDefaultHandler#echo(byte[])"));
    }

    @Test
    void unsupportedParameterFailsStartUpNamingTheMethod() {
        this.runner.withUserConfiguration(UnsupportedHandler.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> assertThat(context.getStartupFailure())
                .isInstanceOf(InvalidFalcoHandlerException.class)
                .hasMessageContaining("UnsupportedHandler#handle(long)"));
    }

    @Test
    void withoutJacksonTextHandlersStillAnswerOverTheWire() {
        this.runner.withUserConfiguration(AnnotatedHandlers.class)
            .withClassLoader(new FilteredClassLoader("tools.jackson"))
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> {
                FalcoServer server = context.getBean(FalcoServer.class);
                try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                    .key(FalcoKey.parse(KEY)).build()) {
                    assertThat(client.request("ping".getBytes(StandardCharsets.UTF_8))).asString()
                        .isEqualTo("pong: ping");
                }
            });
    }

    @Test
    void withoutJacksonAJsonBodyFailsStartUpNamingTheMethodAndWhatToAdd() {
        this.runner.withUserConfiguration(JsonHandler.class)
            .withClassLoader(new FilteredClassLoader("tools.jackson"))
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> assertThat(context.getStartupFailure())
                .isInstanceOf(InvalidFalcoHandlerException.class)
                .hasMessageContaining("JsonHandler#handle(Line)")
                .hasMessageContaining("spring-boot-starter-jackson"));
    }

    @Test
    void falcoHandlerMethodsWithoutKeyFailNamingThePropertyToSet() {
        this.runner.withUserConfiguration(AnnotatedHandlers.class).run((context) -> assertThat(
                context.getStartupFailure()).rootCause().isInstanceOf(InvalidFalcoKeyException.class)
            .hasMessageContaining("falco.server.key"));
    }

    @Test
    void handlersRunOnVirtualThreadsWhenEnabledAndTheJvmHasThem() {
        boolean jvmHasVirtualThreads = Runtime.version().feature() >= 21;
        this.runner.withUserConfiguration(ThreadReportingHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "spring.threads.virtual.enabled=true")
            .run((context) -> {
                FalcoServer server = context.getBean(FalcoServer.class);
                try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                    .key(FalcoKey.parse(KEY)).build()) {
                    assertThat(client.request(new byte[0])).asString()
                        .isEqualTo("virtual=" + jvmHasVirtualThreads);
                }
            });
    }

    @Test
    void handlersRunOnTheBoundedPoolByDefault() {
        this.runner.withUserConfiguration(ThreadReportingHandler.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> {
                FalcoServer server = context.getBean(FalcoServer.class);
                try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                    .key(FalcoKey.parse(KEY)).build()) {
                    assertThat(client.request(new byte[0])).asString().isEqualTo("virtual=false");
                }
            });
    }

    @Test
    void methodsRunWhereTheyDeclare() {
        this.runner.withUserConfiguration(ThreadNameHandlers.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> {
                FalcoServer server = context.getBean(FalcoServer.class);
                try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                    .key(FalcoKey.parse(KEY)).build()) {
                    assertThat(client.request("blocking", new byte[0])).asString().startsWith("falcotcp-handler");
                    assertThat(client.request("quick", new byte[0])).asString().startsWith("falcotcp-server-io");
                    assertThat(client.request("later", new byte[0])).asString().startsWith("falcotcp-server-io");
                }
            });
    }

    @Test
    void asynchronousMethodsHoldNoHandlerThreadWhileTheirStagesArePending() {
        this.runner.withUserConfiguration(PendingHandlers.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.handler-threads=1")
            .run((context) -> {
                FalcoServer server = context.getBean(FalcoServer.class);
                List<CompletableFuture<String>> pending = context.getBean(PendingHandlers.class).pending;
                try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                    .key(FalcoKey.parse(KEY)).build()) {
                    List<CompletableFuture<byte[]>> responses = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        responses.add(client.requestAsync("pending", ("r" + i).getBytes(StandardCharsets.UTF_8)));
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (pending.size() < 5) {
                        assertThat(System.nanoTime() - deadline).as("all five started").isNegative();
                        Thread.sleep(10);
                    }
                    pending.forEach((stage) -> stage.complete("done"));
                    for (CompletableFuture<byte[]> response : responses) {
                        assertThat(response.get(10, TimeUnit.SECONDS)).asString().isEqualTo("done");
                    }
                }
            });
    }

    @Test
    void userAsyncRequestHandlerReplacesTheAnnotationDispatcher() {
        this.runner.withUserConfiguration(AsyncEchoHandler.class, AnnotatedHandlers.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> {
                assertThat(context).hasSingleBean(FalcoServer.class).doesNotHaveBean(FalcoHandlerRegistry.class);
                try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1")
                    .port(context.getBean(FalcoServer.class).port()).key(FalcoKey.parse(KEY)).build()) {
                    assertThat(client.request(new byte[] { 4 })).containsExactly(4);
                }
            });
    }

    @Test
    void nonPositiveQueueLimitPerConnectionIsABindingErrorNamingTheProperty() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.max-queued-per-connection=0")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.server.max-queued-per-connection")
                .hasMessageContaining("must be positive"));
    }

    @Test
    void theLocalTransportIsABindingErrorNamingTheProperty() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.transport=local")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.server.transport")
                .hasMessageContaining("falcotcp-spring-boot-test"));
    }

    @Test
    void v02PortServesTheDefaultHandlerInTheRustCratesFraming() {
        this.runner.withUserConfiguration(AnnotatedHandlers.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.v02.port=0",
                    "falco.server.v02.idle-timeout=30s")
            .run((context) -> {
                FalcoServer server = context.getBean(FalcoServer.class);
                try (V02Client client = V02Client.builder().host("127.0.0.1").port(server.v02Port())
                    .key(FalcoKey.parse(KEY)).compression(V02Compression.GZIP).build()) {
                    assertThat(client.request("ping".getBytes(StandardCharsets.UTF_8))).asString()
                        .isEqualTo("pong: ping");
                }
            });
    }

    @Test
    void withoutV02PortTheServerServesNoV02() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> context.getBean(FalcoServer.class).v02Port())
                .withMessageContaining("does not serve the 0.2 framing"));
    }

    @Test
    void v02PortEqualToThePortIsABindingErrorNamingTheProperty() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.port=7900", "falco.server.v02.port=7900")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.server.v02.port")
                .hasMessageContaining("must differ from falco.server.port"));
    }

    @Test
    void requestHandlerStartsServerOnTheConfiguredPort() {
        this.runner.withUserConfiguration(EchoHandler.class, StartedListener.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> {
                assertThat(context).hasSingleBean(FalcoServer.class).hasSingleBean(FalcoServerLifecycle.class);
                FalcoServer server = context.getBean(FalcoServer.class);
                assertThat(server.isRunning()).isTrue();
                assertThat(context.getBean(StartedListener.class).port.get()).isEqualTo(server.port());
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    assertThat(socket.isConnected()).isTrue();
                }
            });
    }

    @Test
    void serverStopsWithTheContext() {
        FalcoServer[] server = new FalcoServer[1];
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> server[0] = context.getBean(FalcoServer.class));
        assertThat(server[0].isRunning()).isFalse();
    }

    @Test
    void handlerWithoutKeyFailsNamingThePropertyToSet() {
        this.runner.withUserConfiguration(EchoHandler.class).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidFalcoKeyException.class)
                .hasMessageContaining("falco.server.key")
                .hasMessageContaining("falco.server.key-file");
        });
    }

    @Test
    void keyOfWrongLengthFailsWithoutEchoingTheKey() {
        String shortKey = "c2VjcmV0LXNob3J0LWtleQ==";
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + shortKey)
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidFalcoKeyException.class)
                .hasMessageContaining("32 bytes")
                .message().doesNotContain(shortKey));
    }

    @Test
    void keyIsReadFromKeyFile(@TempDir Path directory) throws IOException {
        Path keyFile = Files.writeString(directory.resolve("falco.key"), KEY + "\n");
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key-file=file:" + keyFile)
            .run((context) -> assertThat(context.getBean(FalcoServer.class).isRunning()).isTrue());
    }

    @Test
    void unreadableKeyFileFailsNamingTheProperty(@TempDir Path directory) {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key-file=file:" + directory.resolve("missing.key"))
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidFalcoKeyException.class)
                .hasMessageContaining("falco.server.key-file"));
    }

    @Test
    void previousKeysAreStillAcceptedDuringARotation() {
        String oldKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.previous-keys[0]=" + oldKey)
            .run((context) -> {
                int port = context.getBean(FalcoServer.class).port();
                for (String key : new String[] { KEY, oldKey }) {
                    try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(port)
                        .key(FalcoKey.parse(key)).build()) {
                        assertThat(client.request(new byte[] { 5 })).containsExactly(5);
                    }
                }
            });
    }

    @Test
    void badPreviousKeyNamesItsIndexWithoutEchoingIt() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.previous-keys[0]=c2hvcnQ=")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidFalcoKeyException.class)
                .hasMessageContaining("falco.server.previous-keys[0]")
                .message().doesNotContain("c2hvcnQ="));
    }

    @Test
    void refusePlainV1ClosesClientsThatDoNotNegotiate() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.refuse-plain-v1=true")
            .run((context) -> {
                int port = context.getBean(FalcoServer.class).port();
                try (FalcoTcpClient plain = FalcoTcpClient.builder().host("127.0.0.1").port(port)
                    .key(FalcoKey.parse(KEY)).mode(ClientMode.V1).connectTimeout(Duration.ofSeconds(10)).build();
                        FalcoTcpClient session = FalcoTcpClient.builder().host("127.0.0.1").port(port)
                            .key(FalcoKey.parse(KEY)).build()) {
                    assertThat(session.request(new byte[] { 6 })).containsExactly(6);
                    assertThatExceptionOfType(FalcoAuthenticationException.class)
                        .isThrownBy(() -> plain.request(new byte[] { 6 }));
                }
            });
    }

    @Test
    void portInUseFailsStartUpNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            this.runner.withUserConfiguration(EchoHandler.class)
                .withPropertyValues("falco.server.key=" + KEY, "falco.server.port=" + port)
                .run((context) -> {
                    assertThat(context).hasFailed();
                    FalcoServerStartException failure = findCause(context.getStartupFailure(),
                            FalcoServerStartException.class);
                    assertThat(failure).hasMessageContaining("port " + port).hasMessageContaining("already in use");
                    assertThat(new FalcoServerStartFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
                        .contains("falco.server.port");
                });
        }
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
            if (type.isInstance(candidate)) {
                return type.cast(candidate);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
    }

    @Test
    void disabledServerIsNotCreated() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FalcoServer.class));
    }

    @Test
    void userServerReplacesTheAutoConfiguredOne() {
        this.runner.withUserConfiguration(EchoHandler.class, UserServer.class)
            .run((context) -> {
                assertThat(context).hasSingleBean(FalcoServer.class);
                assertThat(context.getBean(FalcoServer.class)).isSameAs(context.getBean("userServer"));
            });
    }

    @Test
    void customizersAdjustTheServer() {
        AtomicInteger calls = new AtomicInteger();
        this.runner.withUserConfiguration(EchoHandler.class)
            .withBean(FalcoServerCustomizer.class, () -> (builder) -> calls.incrementAndGet())
            .withPropertyValues("falco.server.key=" + KEY)
            .run((context) -> assertThat(calls).hasValue(1));
    }

    @Test
    void portOutOfRangeIsABindingErrorNamingTheProperty() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.port=70000")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.server.port").hasMessageContaining("between 0 and 65535"));
    }

    @Test
    void aBadValueFailsStartUpNamingThePropertyWithTheBuildersReason() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.handler-queue-capacity=0")
            .run((context) -> assertFailsNaming(context.getStartupFailure(), "falco.server.handler-queue-capacity",
                    "handlerQueueCapacity must be positive (got 0)"));
    }

    @Test
    void aMaxFrameSizeBelowAnEmptySealedMessageFailsStartUpNamingIt() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.max-frame-size=27B")
            .run((context) -> assertFailsNaming(context.getStartupFailure(), "falco.server.max-frame-size",
                    "maxFrameSize must be at least 28 bytes, the size of an empty sealed message (got 27)"));
    }

    @Test
    void aMaxDecompressedBodyBeyondAnIntFailsStartUpNamingIt() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.max-decompressed-body=2GB")
            .run((context) -> assertFailsNaming(context.getStartupFailure(), "falco.server.max-decompressed-body",
                    "must be less than 2GB (got 2147483648B)"));
    }

    @Test
    void zeroReplayWindowIsABindingErrorNamingTheProperty() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.replay-window=0s")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.server.replay-window").hasMessageContaining("must be positive"));
    }

    @Test
    void requestBudgetThatCannotHoldOneFrameIsABindingErrorNamingTheProperty() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.max-frame-size=4MB",
                    "falco.server.max-request-bytes-per-connection=1MB")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.server.max-request-bytes-per-connection")
                .hasMessageContaining("at least max-frame-size"));
    }

    @Test
    void pendingHandshakeBudgetPropertyReachesTheServer() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.max-pending-handshakes-per-address=1")
            .run((context) -> {
                FalcoServer server = context.getBean(FalcoServer.class);
                try (Socket first = new Socket(InetAddress.getLoopbackAddress(), server.port());
                        Socket second = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    first.setSoTimeout(5000);
                    // the second silent connection from the same address closes the first, still in its handshake
                    assertThat(first.getInputStream().read()).isEqualTo(-1);
                    assertThat(second.isConnected()).isTrue();
                }
                assertThat(server.stats().evictedHandshakes()).isEqualTo(1);
            });
    }

    @Test
    void zeroTimeoutIsABindingErrorNamingTheProperty() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.timeout=0s")
            .run((context) -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("falco.server.timeout").hasMessageContaining("must be positive"));
    }

    @Test
    void unknownTransportIsABindingErrorNamingTheProperty() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.transport=kqueue")
            .run((context) -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining("Failed to bind properties under 'falco.server.transport'"));
    }

    @Test
    void propertiesReachTheServer() {
        this.runner.withUserConfiguration(EchoHandler.class)
            .withPropertyValues("falco.server.key=" + KEY, "falco.server.transport=nio",
                    "falco.server.max-frame-size=1MB", "falco.server.max-in-flight-per-session=12",
                    "falco.server.session-key-lifetime=7m", "falco.server.max-decompressed-body=64KB",
                    "falco.server.compression=true")
            .run((context) -> {
                FalcoServer server = context.getBean(FalcoServer.class);
                assertThat(server.transport().name()).isEqualTo("nio");
                // what the server announces to a session client written from the protocol document
                try (SpecSessionConnection connection = SpecSessionConnection.open(server.port(),
                        FalcoKey.parse(KEY).toByteArray(), 0b11)) {
                    assertThat(connection.maxFrameSize()).isEqualTo(1024 * 1024);
                    assertThat(connection.maxInFlight()).isEqualTo(12);
                    assertThat(connection.keyLifetimeSeconds()).isEqualTo(7 * 60);
                    assertThat(connection.maxDecompressedBody()).isEqualTo(64 * 1024);
                    assertThat(connection.acceptedFeatures()).as("LZ4 and segments").isEqualTo(0b11);
                    connection.pingPong();
                }
            });
    }

    @Test
    void theServerWarmsTheConfiguredCryptoEngineUpWhenItStarts() {
        try (MockedStatic<CryptoWarmUp> warmUp = mockStatic(CryptoWarmUp.class)) {
            this.runner.withUserConfiguration(EchoHandler.class)
                .withPropertyValues("falco.server.key=" + KEY, "falco.server.crypto-engine=bouncy-castle")
                .run((context) -> {
                    assertThat(context.getBean(FalcoServer.class).isRunning()).isTrue();
                    warmUp.verify(() -> CryptoWarmUp.ensureWarm(AeadEngine.BOUNCY_CASTLE));
                });
        }
    }

    @Test
    void cryptoWarmUpFalseStartsTheServerWithoutIt() {
        try (MockedStatic<CryptoWarmUp> warmUp = mockStatic(CryptoWarmUp.class)) {
            this.runner.withUserConfiguration(EchoHandler.class)
                .withPropertyValues("falco.server.key=" + KEY, "falco.server.crypto-warm-up=false")
                .run((context) -> {
                    assertThat(context.getBean(FalcoServer.class).isRunning()).isTrue();
                    warmUp.verifyNoInteractions();
                });
        }
    }

    /**
     * Asserts that start-up failed on the property, for the reason given by the builder (its message, unchanged).
     */
    private static void assertFailsNaming(Throwable failure, String property, String reason) {
        assertThat(failure).rootCause().isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
                (ex) -> {
                    assertThat(ex.getName()).isEqualTo(property);
                    assertThat(ex.getReason()).isEqualTo(reason);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class EchoHandler {

        @Bean
        RequestHandler echo() {
            return (request, context) -> request;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class AsyncEchoHandler {

        @Bean
        AsyncRequestHandler asyncEcho() {
            return (request, context) -> CompletableFuture.completedFuture(request);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ThreadNameHandlers {

        @FalcoHandler("blocking")
        String blocking() {
            return Thread.currentThread().getName();
        }

        @FalcoHandler(route = "quick", blocking = false)
        String quick() {
            return Thread.currentThread().getName();
        }

        @FalcoHandler("later")
        CompletableFuture<String> later() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PendingHandlers {

        final List<CompletableFuture<String>> pending = new CopyOnWriteArrayList<>();

        @FalcoHandler("pending")
        CompletableFuture<String> pending() {
            CompletableFuture<String> stage = new CompletableFuture<>();
            this.pending.add(stage);
            return stage;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class AnnotatedHandlers {

        @FalcoHandler
        String reply(String request) {
            return "pong: " + request;
        }

        @FalcoHandler("text.shout")
        String shout(String request) {
            return request.toUpperCase(Locale.ROOT);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ThreadReportingHandler {

        @FalcoHandler
        String report() throws ReflectiveOperationException {
            // Thread.isVirtual() exists from Java 21; the project compiles for 17
            Method isVirtual = ReflectionUtils.findMethod(Thread.class, "isVirtual");
            boolean virtual = isVirtual != null && (boolean) isVirtual.invoke(Thread.currentThread());
            return "virtual=" + virtual;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class SecondDefaultHandler {

        @FalcoHandler
        byte[] echo(byte[] request) {
            return request;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class FailingHandler {

        @FalcoHandler
        byte[] fail(byte[] request) {
            throw new IllegalStateException("boom");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class JsonHandler {

        @FalcoHandler
        String handle(Line line) {
            return line.sku();
        }

        record Line(String sku) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UnsupportedHandler {

        @FalcoHandler
        String handle(long value) {
            return "x";
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UserServer {

        @Bean
        FalcoServer userServer() {
            return FalcoServer.builder().key(FalcoKey.generate()).host("127.0.0.1").port(0)
                .handler((request, context) -> request).build();
        }

    }

    static class StartedListener implements ApplicationListener<FalcoServerStartedEvent> {

        final AtomicInteger port = new AtomicInteger(-1);

        @Override
        public void onApplicationEvent(FalcoServerStartedEvent event) {
            this.port.set(event.getPort());
        }

    }

}
