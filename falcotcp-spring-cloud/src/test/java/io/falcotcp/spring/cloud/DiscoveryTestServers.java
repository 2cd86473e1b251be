package io.falcotcp.spring.cloud;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FalcoTCP echo servers on 127.0.0.1 and free ports, each counting its requests, and the simple discovery client's
 * view of them.
 */
final class DiscoveryTestServers implements AutoCloseable {

    static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private final List<FalcoServer> servers = new ArrayList<>();

    private final List<AtomicInteger> requests = new ArrayList<>();

    /**
     * Starts servers.
     * @param count how many
     */
    DiscoveryTestServers(int count) {
        for (int i = 0; i < count; i++) {
            AtomicInteger counter = new AtomicInteger();
            FalcoServer server = FalcoServer.builder().key(FalcoKey.parse(KEY)).host("127.0.0.1").port(0)
                .cryptoWarmUp(false)
                .handler((request, context) -> {
                    counter.incrementAndGet();
                    return request;
                })
                .build();
            server.start();
            this.servers.add(server);
            this.requests.add(counter);
        }
    }

    FalcoServer server(int index) {
        return this.servers.get(index);
    }

    int requests(int index) {
        return this.requests.get(index).get();
    }

    String endpoint(int index) {
        return "127.0.0.1:" + server(index).port();
    }

    /**
     * The instance of a server as a registry shows it: registered on an HTTP port, its FalcoTCP port in its
     * {@code falco-port} metadata.
     * @param serviceId the service
     * @param index the server
     * @return the instance
     */
    InstanceProperties instance(String serviceId, int index) {
        InstanceProperties instance = new InstanceProperties();
        instance.setServiceId(serviceId);
        instance.setInstanceId(serviceId + "-" + index);
        instance.setUri(URI.create("http://127.0.0.1:8080"));
        instance.setMetadata(Map.of("falco-port", String.valueOf(server(index).port())));
        return instance;
    }

    @Override
    public void close() {
        this.servers.forEach(FalcoServer::stop);
    }

    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 30 s for " + what).isNegative();
            Thread.sleep(10);
        }
    }

}
