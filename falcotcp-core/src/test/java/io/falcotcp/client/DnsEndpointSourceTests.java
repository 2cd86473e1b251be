package io.falcotcp.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.falcotcp.client.LoadBalancingTests.awaitTrue;
import static io.falcotcp.client.LoadBalancingTests.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client following a DNS name through {@link DnsEndpointSource}, with an injected resolver answering 127.0.0.1,
 * 127.0.0.2 and 127.0.0.3, where real servers listen on one port: an address that appears gets requests, one that
 * leaves gets none.
 */
class DnsEndpointSourceTests {

    private static final String NAME = "falco.service.test";

    private final FalcoKey key = FalcoKey.generate();

    private final List<AutoCloseable> resources = new ArrayList<>();

    private final AtomicReference<List<String>> answer = new AtomicReference<>(List.of());

    @AfterEach
    void closeResources() throws Exception {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
    }

    @Test
    void addressesThatJoinTheNameGetRequestsAndThoseThatLeaveGetNone() throws Exception {
        AtomicInteger first = new AtomicInteger();
        FalcoServer one = server("127.0.0.1", 0, first);
        int port = one.port();
        AtomicInteger second = new AtomicInteger();
        server("127.0.0.2", port, second);
        AtomicInteger third = new AtomicInteger();
        server("127.0.0.3", port, third);
        this.answer.set(List.of("127.0.0.1", "127.0.0.2"));
        FalcoTcpClient client = FalcoTcpClient.builder().key(this.key).cryptoWarmUp(false)
            .endpointSource(new DnsEndpointSource(NAME, port, Duration.ofMillis(50), this::resolve))
            .build();
        this.resources.add(client);
        awaitEndpointsUp(client, "127.0.0.1:" + port, "127.0.0.2:" + port);
        send(client, 200);
        assertThat(first.get()).isPositive();
        assertThat(second.get()).isPositive();
        assertThat(third.get()).isZero();

        this.answer.set(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"));
        awaitEndpointsUp(client, "127.0.0.1:" + port, "127.0.0.2:" + port, "127.0.0.3:" + port);
        send(client, 300);
        assertThat(third.get()).isPositive();

        this.answer.set(List.of("127.0.0.3"));
        awaitEndpointsUp(client, "127.0.0.3:" + port);
        int firstBefore = first.get();
        int secondBefore = second.get();
        int thirdBefore = third.get();
        send(client, 100);
        assertThat(first.get()).isEqualTo(firstBefore);
        assertThat(second.get()).isEqualTo(secondBefore);
        assertThat(third.get()).isEqualTo(thirdBefore + 100);
        assertThat(client.stats().connectionsEstablished()).isEqualTo(3);
    }

    @Test
    void aFailedResolutionKeepsTheEndpointsOfTheLastOne() throws Exception {
        AtomicInteger served = new AtomicInteger();
        FalcoServer one = server("127.0.0.1", 0, served);
        this.answer.set(List.of("127.0.0.1"));
        AtomicInteger resolutions = new AtomicInteger();
        FalcoTcpClient client = FalcoTcpClient.builder().key(this.key).cryptoWarmUp(false)
            .endpointSource(new DnsEndpointSource(NAME, one.port(), Duration.ofMillis(20), (host) -> {
                resolutions.incrementAndGet();
                return resolve(host);
            }))
            .build();
        this.resources.add(client);
        awaitEndpointsUp(client, "127.0.0.1:" + one.port());
        this.answer.set(null);
        int failedSoFar = resolutions.get();
        awaitTrue(() -> resolutions.get() >= failedSoFar + 3, "resolutions fail");
        assertThat(client.endpoints()).extracting(EndpointStatus::endpoint).containsExactly("127.0.0.1:" + one.port());
        send(client, 10);
        assertThat(served.get()).isEqualTo(10);
    }

    @Test
    void itDescribesItselfByNameAndPort() {
        assertThat(new DnsEndpointSource(NAME, 7878, Duration.ofSeconds(30))).hasToString("dns:" + NAME + ":7878");
    }

    private InetAddress[] resolve(String host) throws UnknownHostException {
        assertThat(host).isEqualTo(NAME);
        List<String> addresses = this.answer.get();
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.size()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] = InetAddress.getByName(addresses.get(i));
        }
        return resolved;
    }

    private static void awaitEndpointsUp(FalcoTcpClient client, String... endpoints) throws InterruptedException {
        awaitTrue(() -> {
            List<EndpointStatus> statuses = client.endpoints();
            return statuses.stream().map(EndpointStatus::endpoint).toList().equals(List.of(endpoints))
                    && statuses.stream().allMatch((status) -> status.state() == EndpointStatus.State.UP);
        }, "endpoints " + List.of(endpoints) + " up");
    }

    private static void send(FalcoTcpClient client, int count) {
        for (int i = 0; i < count; i++) {
            byte[] payload = payload(i);
            assertThat(client.request(payload)).isEqualTo(payload);
        }
    }

    private FalcoServer server(String host, int port, AtomicInteger requests) {
        FalcoServer server = FalcoServer.builder().key(this.key).host(host).port(port).cryptoWarmUp(false)
            .handler((request, context) -> {
                requests.incrementAndGet();
                return request;
            })
            .build();
        server.start();
        this.resources.add(server);
        return server;
    }

}
