package io.falcotcp.sample;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;

class GracefulShutdownTests {

    private static final CountDownLatch handlerStarted = new CountDownLatch(1);

    /** Counted down once the stop has begun: the handler answers only then, so its request is in flight. */
    private static final CountDownLatch stopping = new CountDownLatch(1);

    @Test
    void closingTheApplicationCompletesTheRequestInFlight() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class,
                SlowHandler.class)
            .run("--server.port=0", "--falco.server.port=" + TestSocketUtils.findAvailableTcpPort(),
                    "--falco.server.host=127.0.0.1", "--spring.main.banner-mode=off");
        try {
            FalcoServer server = context.getBean(FalcoServer.class);
            String key = context.getEnvironment().getProperty("falco.server.key");
            try (SpecV1Client client = SpecV1Client.connect(server.port(), key)) {
                CompletableFuture<byte[]> response = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.request("slow".getBytes(StandardCharsets.UTF_8));
                    }
                    catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                });
                assertThat(handlerStarted.await(20, TimeUnit.SECONDS)).isTrue();
                CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
                Await.until("the server stopping", () -> !server.isRunning());
                assertThat(response).isNotDone();
                stopping.countDown();
                assertThat(response.get(20, TimeUnit.SECONDS)).asString().isEqualTo("slow done");
                closed.get(20, TimeUnit.SECONDS);
                assertThat(server.isRunning()).isFalse();
            }
        }
        finally {
            context.close();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SlowHandler {

        @Bean
        RequestHandler slowHandler() {
            return (request, context) -> {
                handlerStarted.countDown();
                stopping.await(30, TimeUnit.SECONDS);
                return (new String(request, StandardCharsets.UTF_8) + " done").getBytes(StandardCharsets.UTF_8);
            };
        }

    }

}
