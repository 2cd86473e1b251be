package io.falcotcp.spring.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.spring.autoconfigure.FalcoCodecAutoConfiguration;
import io.falcotcp.spring.autoconfigure.FalcoServerAutoConfiguration;
import io.falcotcp.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoServerLifecycleTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FalcoCodecAutoConfiguration.class,
                FalcoServerAutoConfiguration.class))
        .withUserConfiguration(SlowEchoHandler.class, LifecycleEvents.class)
        .withPropertyValues("falco.server.key=" + KEY, "falco.server.host=127.0.0.1", "falco.server.port=0",
                "falco.server.crypto-warm-up=false");

    @Test
    void closingTheContextPublishesTheStoppedEventAfterTheRequestInFlightWasAnswered() {
        this.runner.run((context) -> {
            FalcoServer server = context.getBean(FalcoServer.class);
            LifecycleEvents events = context.getBean(LifecycleEvents.class);
            SlowEchoHandler handler = context.getBean(SlowEchoHandler.class);
            try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port())
                .key(FalcoKey.parse(KEY)).cryptoWarmUp(false).build()) {
                CompletableFuture<byte[]> response = client.requestAsync("last".getBytes(StandardCharsets.UTF_8));
                assertThat(handler.started.await(20, TimeUnit.SECONDS)).isTrue();
                CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
                Await.until("the server stopping", () -> !server.isRunning());
                assertThat(response).isNotDone();
                handler.stopping.countDown();
                assertThat(response.get(20, TimeUnit.SECONDS)).asString().isEqualTo("last");
                closed.get(20, TimeUnit.SECONDS);
            }
            assertThat(events.received).hasSize(2);
            assertThat(events.received.get(0)).isInstanceOf(FalcoServerStartedEvent.class);
            assertThat(events.received.get(1)).isInstanceOfSatisfying(FalcoServerStoppedEvent.class,
                    (stopped) -> assertThat(stopped.getServer()).isSameAs(server));
            assertThat(events.connectionsOpenWhenStopped).as("the connection was closed before the event")
                .containsExactly(0);
        });
    }

    @Test
    void stoppingAStoppedServerPublishesNothingMore() {
        this.runner.run((context) -> {
            FalcoServerLifecycle lifecycle = context.getBean(FalcoServerLifecycle.class);
            lifecycle.stop();
            lifecycle.stop();
            assertThat(context.getBean(LifecycleEvents.class).received).hasSize(2)
                .last().isInstanceOf(FalcoServerStoppedEvent.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class SlowEchoHandler {

        final CountDownLatch started = new CountDownLatch(1);

        /** Counted down once the stop has begun: the echo answers only then, so its request is in flight. */
        final CountDownLatch stopping = new CountDownLatch(1);

        @Bean
        RequestHandler slowEcho() {
            return (request, context) -> {
                this.started.countDown();
                this.stopping.await(30, TimeUnit.SECONDS);
                return request;
            };
        }

    }

    static class LifecycleEvents implements ApplicationListener<ApplicationEvent> {

        final List<ApplicationEvent> received = new CopyOnWriteArrayList<>();

        final List<Integer> connectionsOpenWhenStopped = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof FalcoServerStartedEvent) {
                this.received.add(event);
            }
            else if (event instanceof FalcoServerStoppedEvent stopped) {
                this.received.add(event);
                this.connectionsOpenWhenStopped.add(stopped.getServer().stats().activeConnections());
            }
        }

    }

}
