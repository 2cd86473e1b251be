package io.falcotcp.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests answered by an {@link AsyncRequestHandler}.
 */
class AsyncRequestHandlerTests {

    private final byte[] key = SpecV1Connection.randomBytes(32);

    private final ExecutorService completer = Executors.newFixedThreadPool(4);

    private FalcoServer server;

    @AfterEach
    void stop() {
        if (this.server != null) {
            this.server.stop();
        }
        this.completer.shutdownNow();
    }

    private int start(AsyncRequestHandler handler) {
        this.server = TestServers.start(this.key, (builder) -> builder.asyncHandler(handler));
        return this.server.port();
    }

    @Test
    void handlerCompletedAtOnceIsAnswered() throws Exception {
        int port = start((request, context) -> CompletableFuture.completedFuture(request));
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            assertThat(connection.request(bytes("now"))).isEqualTo(bytes("now"));
        }
    }

    @Test
    void handlerCompletedOnAnotherThreadIsAnsweredInRequestOrder() throws Exception {
        int port = start((request, context) -> CompletableFuture.supplyAsync(() -> request,
                CompletableFuture.delayedExecutor(ThreadLocalRandom.current().nextInt(20), TimeUnit.MILLISECONDS,
                        this.completer)));
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            for (int i = 0; i < 50; i++) {
                connection.send(bytes("request " + i));
            }
            for (int i = 0; i < 50; i++) {
                assertThat(connection.readResponse()).isEqualTo(bytes("request " + i));
            }
        }
    }

    @Test
    void handlerIsInvokedOnTheEventLoop() throws Exception {
        int port = start((request, context) -> CompletableFuture
            .completedFuture(bytes(Thread.currentThread().getName())));
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            assertThat(new String(connection.request(bytes("where")))).startsWith("falcotcp-server-io");
        }
    }

    @Test
    void exceptionalCompletionThrownExceptionAndNullStageGetTheEmptyResponse() throws Exception {
        int port = start((request, context) -> switch (new String(request)) {
            case "fail later" -> CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("failed on purpose");
            }, this.completer);
            case "throw" -> throw new IllegalStateException("thrown on purpose");
            case "null stage" -> null;
            case "null result" -> CompletableFuture.completedFuture(null);
            default -> CompletableFuture.completedFuture(request);
        });
        try (SpecV1Connection connection = SpecV1Connection.open(port, this.key)) {
            for (String command : new String[] { "fail later", "throw", "null stage", "null result" }) {
                connection.send(bytes(command));
                assertThat(connection.readExactly(8)).as(command).containsOnly(0);
            }
            assertThat(connection.request(bytes("fine"))).isEqualTo(bytes("fine"));
        }
        assertThat(this.server.stats().handlerFailures()).isEqualTo(4);
    }

}
