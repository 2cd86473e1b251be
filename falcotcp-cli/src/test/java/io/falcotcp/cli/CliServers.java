package io.falcotcp.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;

/**
 * Servers for the command tests, on 127.0.0.1 with a random port.
 */
final class CliServers {

    private CliServers() {
    }

    /**
     * A server whose default handler echoes, with the routes {@code echo} (echoes), {@code upper} (upper-cases
     * UTF-8), {@code fail} (HANDLER_ERROR) and {@code wait} (answers once {@code release} is counted down);
     * every other route answers UNKNOWN_ROUTE.
     */
    static FalcoServer start(FalcoKey key, CountDownLatch release) {
        RequestHandler handler = (request, context) -> {
            String route = context.route();
            if (route == null || route.equals("echo")) {
                return request;
            }
            return switch (route) {
                case "upper" -> new String(request, StandardCharsets.UTF_8).toUpperCase()
                        .getBytes(StandardCharsets.UTF_8);
                case "fail" -> throw new FalcoRequestException(RequestStatus.HANDLER_ERROR, "failed on purpose");
                case "wait" -> {
                    // bounded, so that a failed test never holds a handler thread for long
                    release.await(30, TimeUnit.SECONDS);
                    yield request;
                }
                default -> throw new FalcoRequestException(RequestStatus.UNKNOWN_ROUTE, "no handler for route '"
                        + route + "'");
            };
        };
        FalcoServer server = FalcoServer.builder().key(key).host("127.0.0.1").port(0).handler(handler)
                .eventLoopThreads(1).handlerThreads(2).cryptoWarmUp(false)
                .shutdownGracePeriod(Duration.ofMillis(200)).build();
        server.start();
        return server;
    }

}
