package io.falcotcp.sample;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;

class GracefulShutdownTests {

    private static final CountDownLatch handlerStarted = new CountDownLatch(1);

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
                assertThat(handlerStarted.await(5, TimeUnit.SECONDS)).isTrue();
                context.close();
                assertThat(response.get(10, TimeUnit.SECONDS)).asString().isEqualTo("slow done");
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
                Thread.sleep(500);
                return (new String(request, StandardCharsets.UTF_8) + " done").getBytes(StandardCharsets.UTF_8);
            };
        }

    }

}
