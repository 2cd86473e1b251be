package io.falcotcp.spring.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.spring.codec.PayloadCodecs;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link FalcoClient}s in code, with the application's codecs and observation registry already set. Spring
 * Boot provides one as a prototype bean, with the application's {@link FalcoClientInterceptor} beans already added:
 * each injection point gets a fresh builder. Clients built with it are not beans: close them when done.
 */
public class FalcoClientBuilder {

    private final PayloadCodecs codecs;

    private final ObservationRegistry observationRegistry;

    private final FalcoTcpClient.Builder tcpClient = FalcoTcpClient.builder();

    private final List<FalcoClientInterceptor> interceptors = new ArrayList<>();

    private String name = "custom";

    private @Nullable FalcoClientObservationConvention observationConvention;

    /**
     * Creates a builder.
     * @param codecs the codecs of bodies
     * @param observationRegistry where requests are observed
     */
    public FalcoClientBuilder(PayloadCodecs codecs, ObservationRegistry observationRegistry) {
        this.codecs = Objects.requireNonNull(codecs, "codecs must not be null");
        this.observationRegistry = Objects.requireNonNull(observationRegistry,
                "observationRegistry must not be null");
    }

    /**
     * Sets the name used in metrics and messages, default {@code custom}.
     * @param name the name
     * @return this builder
     */
    public FalcoClientBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        return this;
    }

    /**
     * Sets the server's host.
     * @param host the host name or address
     * @return this builder
     */
    public FalcoClientBuilder host(String host) {
        this.tcpClient.host(host);
        return this;
    }

    /**
     * Sets the server's port.
     * @param port 1 to 65535
     * @return this builder
     */
    public FalcoClientBuilder port(int port) {
        this.tcpClient.port(port);
        return this;
    }

    /**
     * Sets the pre-shared key.
     * @param key the key, the same as the server's
     * @return this builder
     */
    public FalcoClientBuilder key(FalcoKey key) {
        this.tcpClient.key(key);
        return this;
    }

    /**
     * Adjusts any other setting of the core client: pool size, timeouts, ping interval, transport...
     * @param customizer receives the core client's builder
     * @return this builder
     */
    public FalcoClientBuilder tcpClient(Consumer<FalcoTcpClient.Builder> customizer) {
        Objects.requireNonNull(customizer, "customizer must not be null").accept(this.tcpClient);
        return this;
    }

    /**
     * Sets the names and key values of the client's observations instead of
     * {@link DefaultFalcoClientObservationConvention}.
     * @param observationConvention the convention
     * @return this builder
     */
    public FalcoClientBuilder observationConvention(FalcoClientObservationConvention observationConvention) {
        this.observationConvention = Objects.requireNonNull(observationConvention,
                "observationConvention must not be null");
        return this;
    }

    /**
     * Adds an interceptor, run around each request after (inside) those added before it.
     * @param interceptor the interceptor
     * @return this builder
     */
    public FalcoClientBuilder interceptor(FalcoClientInterceptor interceptor) {
        this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor must not be null"));
        return this;
    }

    /**
     * Builds the client, which starts connecting at once.
     * @return the client; close it when done
     */
    public FalcoClient build() {
        return new FalcoClient(this.name, this.tcpClient.build(), this.codecs, this.observationRegistry,
                this.interceptors, this.observationConvention);
    }

}
