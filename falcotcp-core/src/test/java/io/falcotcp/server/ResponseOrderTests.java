package io.falcotcp.server;

import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.server.SpecV1Connection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelined requests whose blocking handlers finish out of order are still answered in request order.
 */
class ResponseOrderTests {

    private final byte[] key = SpecV1Connection.randomBytes(32);

    private FalcoServer server;

    @AfterEach
    void stop() {
        this.server.stop();
    }

    @Test
    void responsesFollowRequestOrderWhenHandlersFinishOutOfOrder() throws Exception {
        RequestHandler jittery = (request, context) -> {
            Thread.sleep(ThreadLocalRandom.current().nextInt(10));
            return request;
        };
        this.server = TestServers.start(this.key, (builder) -> builder.handler(jittery).handlerThreads(8));
        try (SpecV1Connection connection = SpecV1Connection.open(this.server.port(), this.key)) {
            int count = 200;
            byte[][] frames = new byte[count][];
            for (int i = 0; i < count; i++) {
                frames[i] = SpecV1Connection.messageFrame(this.key, bytes("request " + i));
            }
            connection.write(SpecV1Connection.concat(frames));
            for (int i = 0; i < count; i++) {
                assertThat(connection.readResponse()).isEqualTo(bytes("request " + i));
            }
        }
        assertThat(this.server.stats().requestsInFlight()).isZero();
    }

}
