package io.falcotcp.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;

/**
 * Starts servers for tests on 127.0.0.1 with a random port.
 */
final class TestServers {

    /**
     * Echoes the request, except for the commands {@code boom} (throws), {@code refuse} (throws a
     * {@link FalcoRequestException}), {@code none} (empty), {@code null}.
     */
    static final RequestHandler ECHO = (request, context) -> {
        String text = new String(request, StandardCharsets.UTF_8);
        return switch (text) {
            case "boom" -> throw new IllegalStateException("the handler failed on purpose");
            case "refuse" -> throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "refused on purpose");
            case "none" -> new byte[0];
            case "null" -> null;
            default -> Arrays.copyOf(request, request.length);
        };
    };

    private TestServers() {
    }

    static FalcoServer start(byte[] key, Consumer<FalcoServer.Builder> customizer) {
        FalcoServer.Builder builder = FalcoServer.builder().key(FalcoKey.of(key)).host("127.0.0.1").port(0)
            .eventLoopThreads(2).handlerThreads(4).shutdownGracePeriod(Duration.ofSeconds(2));
        customizer.accept(builder);
        FalcoServer server = builder.build();
        server.start();
        return server;
    }

    static FalcoServer startEcho(byte[] key, Consumer<FalcoServer.Builder> customizer) {
        return start(key, (builder) -> {
            builder.handler(ECHO);
            customizer.accept(builder);
        });
    }

}
