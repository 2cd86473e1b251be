package io.falcotcp.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.protocol.SessionMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where each request runs: on the connection's event loop when the handler says it does not block, on the handler
 * executor when it does, and asynchronous handlers without holding any thread.
 */
class HandlerExecutionTests {

    private static final String EVENT_LOOP = "falcotcp-server-io";

    private static final String HANDLER_POOL = "falcotcp-handler";

    private final FalcoKey key = FalcoKey.generate();

    private FalcoServer server;

    @AfterEach
    void stop() {
        if (this.server != null) {
            this.server.stop();
        }
    }

    private int start(Consumer<FalcoServer.Builder> customizer) {
        this.server = TestServers.start(this.key.toByteArray(), customizer);
        return this.server.port();
    }

    @Test
    void requestsRunOnTheHandlerPoolByDefault() throws Exception {
        int port = start((builder) -> builder.handler((request, context) -> threadName()));
        assertThat(requestV1(port, "where")).asString(StandardCharsets.UTF_8).startsWith(HANDLER_POOL);
    }

    @Test
    void requestThatDoesNotBlockRunsOnTheConnectionsEventLoop() throws Exception {
        int port = start((builder) -> builder.handler(new RequestHandler() {

            @Override
            public byte[] handle(byte[] request, RequestContext context) {
                return threadName();
            }

            @Override
            public boolean blocks(byte[] request, RequestContext context) {
                return false;
            }

        }));
        assertThat(requestV1(port, "where")).asString(StandardCharsets.UTF_8).startsWith(EVENT_LOOP);
    }

    @Test
    void handlerChoosesForEachRequestFromItsRoute() throws Exception {
        int port = start((builder) -> builder.handler(new RequestHandler() {

            @Override
            public byte[] handle(byte[] request, RequestContext context) {
                return threadName();
            }

            @Override
            public boolean blocks(byte[] request, RequestContext context) {
                return !"fast".equals(context.route());
            }

        }));
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            connection.write(connection.frame(new SessionMessage.Request(1, "fast", bytes("where"))));
            assertThat(new String(connection.readResponse().body(), StandardCharsets.UTF_8)).startsWith(EVENT_LOOP);
            connection.write(connection.frame(new SessionMessage.Request(2, "slow", bytes("where"))));
            assertThat(new String(connection.readResponse().body(), StandardCharsets.UTF_8))
                .startsWith(HANDLER_POOL);
        }
    }

    @Test
    void failuresOnTheEventLoopAreAnsweredAsOnTheExecutor() throws Exception {
        int port = start((builder) -> builder.handler(new RequestHandler() {

            @Override
            public byte[] handle(byte[] request, RequestContext context) throws Exception {
                return TestServers.ECHO.handle(request, context);
            }

            @Override
            public boolean blocks(byte[] request, RequestContext context) {
                return false;
            }

        }));
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            connection.write(connection.frame(new SessionMessage.Request(1, null, bytes("refuse"))));
            SessionMessage.Response refused = connection.readResponse();
            assertThat(refused.status()).isEqualTo(RequestStatus.BAD_REQUEST);
            assertThat(refused.message()).isEqualTo("refused on purpose");
            connection.write(connection.frame(new SessionMessage.Request(2, null, bytes("boom"))));
            assertThat(connection.readResponse().status()).isEqualTo(RequestStatus.HANDLER_ERROR);
            connection.write(connection.frame(new SessionMessage.Request(3, null, bytes("fine"))));
            assertThat(connection.readResponse().body()).isEqualTo(bytes("fine"));
        }
        assertThat(this.server.stats().handlerFailures()).isEqualTo(2);
    }

    @Test
    void handlerThatFailsToSayWhetherItBlocksAnswersAsIfItFailed() throws Exception {
        int port = start((builder) -> builder.handler(new RequestHandler() {

            @Override
            public byte[] handle(byte[] request, RequestContext context) {
                return request;
            }

            @Override
            public boolean blocks(byte[] request, RequestContext context) {
                if (new String(request, StandardCharsets.UTF_8).equals("undecided")) {
                    throw new IllegalStateException("cannot tell on purpose");
                }
                return false;
            }

        }));
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key.toByteArray())) {
            connection.send(bytes("undecided"));
            assertThat(connection.readExactly(8)).containsOnly(0);
            assertThat(connection.request(bytes("fine"))).isEqualTo(bytes("fine"));
        }
        assertThat(this.server.stats().handlerFailures()).isEqualTo(1);
        assertThat(this.server.stats().requestsInFlight()).isZero();
    }

    @Test
    void asyncHandlerThatBlocksOnARequestIsInvokedOnTheHandlerPool() throws Exception {
        int port = start((builder) -> builder.asyncHandler(new AsyncRequestHandler() {

            @Override
            public CompletableFuture<byte[]> handle(byte[] request, RequestContext context) {
                return CompletableFuture.completedFuture(threadName());
            }

            @Override
            public boolean blocks(byte[] request, RequestContext context) {
                return new String(request, StandardCharsets.UTF_8).equals("blocking");
            }

        }));
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key.toByteArray())) {
            assertThat(new String(connection.request(bytes("blocking")), StandardCharsets.UTF_8))
                .startsWith(HANDLER_POOL);
            assertThat(new String(connection.request(bytes("not blocking")), StandardCharsets.UTF_8))
                .startsWith(EVENT_LOOP);
        }
    }

    @Test
    void asyncRequestsAwaitTheirStagesWithoutHoldingAThread() throws Exception {
        List<CompletableFuture<byte[]>> stages = new CopyOnWriteArrayList<>();
        int port = start((builder) -> builder.handlerThreads(1).asyncHandler((request, context) -> {
            CompletableFuture<byte[]> stage = new CompletableFuture<>();
            stages.add(stage);
            return stage.thenApply((response) -> request);
        }));
        int count = 20;
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            for (int id = 0; id < count; id++) {
                connection.write(connection.frame(new SessionMessage.Request(id, null, bytes("r" + id))));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stages.size() < count) {
                assertThat(System.nanoTime() - deadline).as("all requests started").isNegative();
                Thread.sleep(10);
            }
            stages.forEach((stage) -> stage.complete(new byte[0]));
            for (int i = 0; i < count; i++) {
                SessionMessage.Response response = connection.readResponse();
                assertThat(response.body()).isEqualTo(bytes("r" + response.id()));
            }
        }
    }

    @Test
    void refusalThatFailsADerivedStageKeepsItsStatus() throws Exception {
        int port = start((builder) -> builder.asyncHandler((request, context) -> CompletableFuture
            .supplyAsync(() -> {
                throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "refused later");
            })
            .thenApply((ignored) -> request)));
        try (SessionTestConnection connection = SessionTestConnection.open(port, this.key)) {
            connection.write(connection.frame(new SessionMessage.Request(1, null, bytes("x"))));
            SessionMessage.Response response = connection.readResponse();
            assertThat(response.status()).isEqualTo(RequestStatus.BAD_REQUEST);
            assertThat(response.message()).isEqualTo("refused later");
        }
    }

    private byte[] requestV1(int port, String text) throws Exception {
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key.toByteArray())) {
            return connection.request(bytes(text));
        }
    }

    private static byte[] threadName() {
        return Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8);
    }

}
