package io.falcotcp.spring.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.falcotcp.client.FalcoClientException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.client.FalcoTimeoutException;
import io.falcotcp.protocol.Metadata;
import io.falcotcp.spring.codec.PayloadCodec;
import io.falcotcp.spring.codec.PayloadCodecs;
import io.falcotcp.spring.codec.PayloadDecodingException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;

/**
 * Sends requests to one FalcoTCP server, converting bodies with the same codecs as {@code @FalcoHandler} methods:
 * {@code byte[]}, {@link java.nio.ByteBuffer}, {@link String} (UTF-8) and JSON for any other type. Each request is
 * observed as {@value #OBSERVATION_NAME} with the client's name, the route and the outcome (a
 * {@link FalcoRequestOutcome}; see {@link DefaultFalcoClientObservationConvention}), as a child of the caller's
 * current observation; what a tracer propagates (W3C {@code traceparent}) travels as propagated metadata, where the
 * connection carries metadata. {@link #route(String)} addresses an {@code @FalcoHandler("...")} route, the send
 * methods of the client itself the server's default handler, {@link #timeout(Duration)} gives requests a
 * timeout of their own and {@link RequestSpec#metadata(String, String)} metadata. {@link FalcoClientInterceptor}s
 * run around every request, inside its observation.
 * <p>
 * Failures are the exceptions of {@link FalcoTcpClient}: {@link io.falcotcp.client.FalcoRemoteException} when the
 * server answered with an error, {@link io.falcotcp.client.FalcoTimeoutException},
 * {@link io.falcotcp.client.FalcoConnectionException}, {@link io.falcotcp.client.FalcoAuthenticationException}; a
 * response that cannot be read as the expected type is a {@link FalcoClientException}. It is thread-safe; closing
 * it closes its connections.
 */
public class FalcoClient implements AutoCloseable {

    /** The name of the observation of each request, and of the timer metrics derive from it. */
    public static final String OBSERVATION_NAME = "falco.client.requests";

    /** The {@code route} tag of requests to the server's default handler. */
    public static final String DEFAULT_ROUTE = "(default)";

    private final String name;

    private final FalcoTcpClient tcpClient;

    private final PayloadCodecs codecs;

    private final ObservationRegistry observationRegistry;

    private final List<FalcoClientInterceptor> interceptors;

    private final @Nullable FalcoClientObservationConvention observationConvention;

    private final RequestSpec defaultRoute = new RequestSpec(null, null, Metadata.empty());

    /**
     * Creates a template over a core client.
     * @param name the name of the target, for metrics, health and messages ({@code default} for the default client)
     * @param tcpClient the client that owns the connections; closed with this template
     * @param codecs the codecs of bodies
     * @param observationRegistry where requests are observed; {@link ObservationRegistry#NOOP} for none
     */
    public FalcoClient(String name, FalcoTcpClient tcpClient, PayloadCodecs codecs,
            ObservationRegistry observationRegistry) {
        this(name, tcpClient, codecs, observationRegistry, List.of());
    }

    /**
     * Creates a template over a core client whose requests pass through interceptors.
     * @param name the name of the target, for metrics, health and messages ({@code default} for the default client)
     * @param tcpClient the client that owns the connections; closed with this template
     * @param codecs the codecs of bodies
     * @param observationRegistry where requests are observed; {@link ObservationRegistry#NOOP} for none
     * @param interceptors run around each request, the first outermost
     */
    public FalcoClient(String name, FalcoTcpClient tcpClient, PayloadCodecs codecs,
            ObservationRegistry observationRegistry, List<FalcoClientInterceptor> interceptors) {
        this(name, tcpClient, codecs, observationRegistry, interceptors, null);
    }

    /**
     * Creates a template over a core client whose requests pass through interceptors and are observed with a
     * convention of the application's.
     * @param name the name of the target, for metrics, health and messages ({@code default} for the default client)
     * @param tcpClient the client that owns the connections; closed with this template
     * @param codecs the codecs of bodies
     * @param observationRegistry where requests are observed; {@link ObservationRegistry#NOOP} for none
     * @param interceptors run around each request, the first outermost
     * @param observationConvention the names and key values of the observations, {@code null} for
     * {@link DefaultFalcoClientObservationConvention}
     */
    public FalcoClient(String name, FalcoTcpClient tcpClient, PayloadCodecs codecs,
            ObservationRegistry observationRegistry, List<FalcoClientInterceptor> interceptors,
            @Nullable FalcoClientObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
        this.interceptors = List.copyOf(Objects.requireNonNull(interceptors, "interceptors must not be null"));
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.tcpClient = Objects.requireNonNull(tcpClient, "tcpClient must not be null");
        this.codecs = Objects.requireNonNull(codecs, "codecs must not be null");
        this.observationRegistry = Objects.requireNonNull(observationRegistry,
                "observationRegistry must not be null");
    }

    /**
     * Sends bytes to the server's default handler and waits for the response, at most the request timeout.
     * @param request the request body
     * @return the response body
     * @throws FalcoClientException (a subclass of it) when the request fails
     */
    public byte[] send(byte[] request) {
        return this.defaultRoute.send(request);
    }

    /**
     * Sends a value to the server's default handler and waits for the response, read as a type.
     * @param request the request: {@code byte[]}, {@link java.nio.ByteBuffer}, {@link String} or a value written as
     * JSON
     * @param responseType the type of the response body
     * @param <T> the response type
     * @return the response
     * @throws FalcoClientException (a subclass of it) when the request fails or the response cannot be read
     */
    public <T> T send(Object request, Class<T> responseType) {
        return this.defaultRoute.send(request, responseType);
    }

    /**
     * Sends a value to the server's default handler and waits for the response, read as a generic type such as
     * {@code new ParameterizedTypeReference<List<Order>>() {}}.
     * @param request the request: {@code byte[]}, {@link java.nio.ByteBuffer}, {@link String} or a value written as
     * JSON
     * @param responseType the type of the response body
     * @param <T> the response type
     * @return the response
     * @throws FalcoClientException (a subclass of it) when the request fails or the response cannot be read
     */
    public <T> T send(Object request, ParameterizedTypeReference<T> responseType) {
        return this.defaultRoute.send(request, responseType);
    }

    /**
     * Sends bytes to the server's default handler without waiting. The future completes on a client event loop:
     * callbacks must not block.
     * @param request the request body; not to be modified until the future completes
     * @return the future response body, failed with a {@link FalcoClientException} subclass when the request fails
     */
    public CompletableFuture<byte[]> sendAsync(byte[] request) {
        return this.defaultRoute.sendAsync(request);
    }

    /**
     * Sends a value to the server's default handler without waiting, the response read as a type. The future
     * completes on a client event loop: callbacks must not block.
     * @param request the request: {@code byte[]}, {@link java.nio.ByteBuffer}, {@link String} or a value written as
     * JSON
     * @param responseType the type of the response body
     * @param <T> the response type
     * @return the future response, failed with a {@link FalcoClientException} subclass when the request fails or
     * the response cannot be read
     */
    public <T> CompletableFuture<T> sendAsync(Object request, Class<T> responseType) {
        return this.defaultRoute.sendAsync(request, responseType);
    }

    /**
     * Sends a value to the server's default handler without waiting, the response read as a generic type. The
     * future completes on a client event loop: callbacks must not block.
     * @param request the request: {@code byte[]}, {@link java.nio.ByteBuffer}, {@link String} or a value written as
     * JSON
     * @param responseType the type of the response body
     * @param <T> the response type
     * @return the future response, failed with a {@link FalcoClientException} subclass when the request fails or
     * the response cannot be read
     */
    public <T> CompletableFuture<T> sendAsync(Object request, ParameterizedTypeReference<T> responseType) {
        return this.defaultRoute.sendAsync(request, responseType);
    }

    /**
     * Addresses the requests that follow to a route, the name of an {@code @FalcoHandler("...")} method on the
     * server: {@code client.route("orders.create").send(order, Confirmation.class)}. Routes travel in the
     * negotiated session mode; against a plain FalcoTCP v1 server a route fails with
     * {@link io.falcotcp.client.FalcoUnsupportedFeatureException}.
     * @param route the route, 1 to 255 bytes of UTF-8
     * @return the requests to that route
     */
    public RequestSpec route(String route) {
        Objects.requireNonNull(route, "route must not be null");
        if (route.isEmpty()) {
            throw new IllegalArgumentException("route must not be empty; use the send methods of FalcoClient itself "
                    + "for the server's default handler");
        }
        return new RequestSpec(route, null, Metadata.empty());
    }

    /**
     * Addresses the requests that follow to the server's default handler with their own timeout instead of the
     * client's request timeout: {@code client.timeout(Duration.ofMillis(200)).send(bytes)}. For a route:
     * {@code client.route("orders.create").timeout(Duration.ofMillis(200))}.
     * @param timeout how long each request may take from submission, waiting for a connection included; after it
     * the request fails with {@link io.falcotcp.client.FalcoTimeoutException}
     * @return the requests to the default handler with that timeout
     */
    public RequestSpec timeout(Duration timeout) {
        return this.defaultRoute.timeout(timeout);
    }

    /**
     * Addresses the requests that follow to the server's default handler with one metadata entry; see
     * {@link RequestSpec#metadata(String, String)}.
     * @param key 1 to 64 characters of {@code a-z 0-9 - _ .}
     * @param value text without control characters
     * @return the requests to the default handler with that entry
     */
    public RequestSpec metadata(String key, String value) {
        return this.defaultRoute.metadata(key, value);
    }

    /**
     * The name of this client's target.
     * @return the name, {@code default} for the client configured by {@code falco.client.*}
     */
    public String getName() {
        return this.name;
    }

    /**
     * The core client underneath, for health checks and settings this template does not offer.
     * @return the core client
     */
    public FalcoTcpClient getTcpClient() {
        return this.tcpClient;
    }

    /**
     * Closes the connections; requests in flight fail.
     */
    @Override
    public void close() {
        this.tcpClient.close();
    }

    private Observation startObservation(@Nullable String route, Metadata metadata) {
        return Observation.createNotStarted(this.observationConvention,
                DefaultFalcoClientObservationConvention.INSTANCE,
                () -> new FalcoClientObservationContext(this.name, route, metadata), this.observationRegistry)
            .start();
    }

    /**
     * The metadata to send within an observation: the caller's, with what the observation's handlers propagate.
     */
    private static Metadata sentMetadata(Observation observation, Metadata metadata) {
        return (observation.getContext() instanceof FalcoClientObservationContext context) ? context.getMetadata()
                : metadata;
    }

    private static void stopObservation(Observation observation, byte @Nullable [] response,
            @Nullable Throwable failure) {
        if (observation.getContext() instanceof FalcoClientObservationContext context) {
            context.setOutcome(FalcoRequestOutcome.of(failure));
            context.setResponse(response);
        }
        if (failure != null) {
            observation.error(failure);
        }
        observation.stop();
    }

    /**
     * The requests of a {@link FalcoClient} to one route (or to the server's default handler), with the client's
     * request timeout or their own, and their metadata. Immutable: each method returns a new spec.
     */
    public final class RequestSpec {

        private final @Nullable String route;

        private final @Nullable Duration timeout;

        private final Metadata metadata;

        private RequestSpec(@Nullable String route, @Nullable Duration timeout, Metadata metadata) {
            this.route = route;
            this.timeout = timeout;
            this.metadata = metadata;
        }

        /**
         * The same requests with one more metadata entry (or another value for its key), which the server's handler
         * reads with {@code @FalcoMetadata} or {@code RequestContext.metadata()}. Metadata travels in the session
         * mode, when the server accepted the metadata feature; elsewhere (plain v1, an older session server) the
         * request fails with {@link io.falcotcp.client.FalcoUnsupportedFeatureException}.
         * @param key 1 to 64 characters of {@code a-z 0-9 - _ .}
         * @param value text without control characters
         * @return the requests with that entry
         * @throws IllegalArgumentException when the key or value is invalid, or the metadata would have more than
         *     16 entries or 4096 bytes on the wire
         */
        public RequestSpec metadata(String key, String value) {
            return new RequestSpec(this.route, this.timeout, this.metadata.toBuilder().put(key, value).build());
        }

        /**
         * The same requests with more metadata entries; see {@link #metadata(String, String)}.
         * @param entries the entries, in the map's order
         * @return the requests with those entries
         * @throws IllegalArgumentException as {@link #metadata(String, String)}
         */
        public RequestSpec metadata(Map<String, String> entries) {
            Metadata.Builder builder = this.metadata.toBuilder();
            entries.forEach(builder::put);
            return new RequestSpec(this.route, this.timeout, builder.build());
        }

        /**
         * The same requests with their own timeout instead of the client's request timeout.
         * @param timeout how long each request may take from submission, waiting for a connection included; after
         * it the request fails with {@link io.falcotcp.client.FalcoTimeoutException}; sending with one that is
         * not positive throws {@link IllegalArgumentException}
         * @return the requests with that timeout
         */
        public RequestSpec timeout(Duration timeout) {
            return new RequestSpec(this.route, Objects.requireNonNull(timeout, "timeout must not be null"),
                    this.metadata);
        }

        /**
         * Sends bytes and waits for the response, at most the timeout.
         * @param request the request body
         * @return the response body
         * @throws FalcoClientException (a subclass of it) when the request fails
         */
        public byte[] send(byte[] request) {
            Objects.requireNonNull(request, "request must not be null");
            Observation observation = startObservation(this.route, this.metadata);
            try (Observation.Scope scope = observation.openScope()) {
                Metadata metadata = sentMetadata(observation, this.metadata);
                byte[] response = FalcoClient.this.interceptors.isEmpty()
                        ? FalcoClient.this.tcpClient.request(this.route, request, timeout(), metadata)
                        : await(intercepted(request, metadata, true));
                stopObservation(observation, response, null);
                return response;
            }
            catch (RuntimeException ex) {
                stopObservation(observation, null, ex);
                throw ex;
            }
        }

        /**
         * Sends a value and waits for the response, read as a type.
         * @param request the request: {@code byte[]}, {@link java.nio.ByteBuffer}, {@link String} or a value
         * written as JSON
         * @param responseType the type of the response body
         * @param <T> the response type
         * @return the response
         * @throws FalcoClientException (a subclass of it) when the request fails or the response cannot be read
         */
        public <T> T send(Object request, Class<T> responseType) {
            return send(request, FalcoClient.this.codecs.forClass(responseType), responseType.getSimpleName());
        }

        /**
         * Sends a value and waits for the response, read as a generic type such as
         * {@code new ParameterizedTypeReference<List<Order>>() {}}.
         * @param request the request: {@code byte[]}, {@link java.nio.ByteBuffer}, {@link String} or a value
         * written as JSON
         * @param responseType the type of the response body
         * @param <T> the response type
         * @return the response
         * @throws FalcoClientException (a subclass of it) when the request fails or the response cannot be read
         */
        public <T> T send(Object request, ParameterizedTypeReference<T> responseType) {
            ResolvableType type = ResolvableType.forType(responseType);
            return send(request, codec(type), type.toString());
        }

        /**
         * Sends bytes without waiting. The future completes on a client event loop: callbacks must not block.
         * @param request the request body; not to be modified until the future completes
         * @return the future response body, failed with a {@link FalcoClientException} subclass when the request
         * fails
         */
        public CompletableFuture<byte[]> sendAsync(byte[] request) {
            Objects.requireNonNull(request, "request must not be null");
            Observation observation = startObservation(this.route, this.metadata);
            CompletableFuture<byte[]> response;
            try (Observation.Scope scope = observation.openScope()) {
                Metadata metadata = sentMetadata(observation, this.metadata);
                response = FalcoClient.this.interceptors.isEmpty()
                        ? FalcoClient.this.tcpClient.requestAsync(this.route, request, timeout(), metadata)
                        : intercepted(request, metadata, false);
            }
            catch (RuntimeException ex) {
                stopObservation(observation, null, ex);
                throw ex;
            }
            return response.whenComplete((result, failure) -> stopObservation(observation, result, failure));
        }

        /**
         * Sends a value without waiting, the response read as a type. The future completes on a client event
         * loop: callbacks must not block.
         * @param request the request: {@code byte[]}, {@link java.nio.ByteBuffer}, {@link String} or a value
         * written as JSON
         * @param responseType the type of the response body
         * @param <T> the response type
         * @return the future response, failed with a {@link FalcoClientException} subclass when the request fails
         * or the response cannot be read
         */
        public <T> CompletableFuture<T> sendAsync(Object request, Class<T> responseType) {
            return sendAsync(request, FalcoClient.this.codecs.forClass(responseType), responseType.getSimpleName());
        }

        /**
         * Sends a value without waiting, the response read as a generic type. The future completes on a client
         * event loop: callbacks must not block.
         * @param request the request: {@code byte[]}, {@link java.nio.ByteBuffer}, {@link String} or a value
         * written as JSON
         * @param responseType the type of the response body
         * @param <T> the response type
         * @return the future response, failed with a {@link FalcoClientException} subclass when the request fails
         * or the response cannot be read
         */
        public <T> CompletableFuture<T> sendAsync(Object request, ParameterizedTypeReference<T> responseType) {
            ResolvableType type = ResolvableType.forType(responseType);
            return sendAsync(request, codec(type), type.toString());
        }

        private Duration timeout() {
            return (this.timeout != null) ? this.timeout : FalcoClient.this.tcpClient.requestTimeout();
        }

        /**
         * Runs the interceptors around sending; a blocking send waits for the response inside the chain, so that
         * its interceptors see a completed future.
         */
        private CompletableFuture<byte[]> intercepted(byte[] body, Metadata metadata, boolean blocking) {
            FalcoClientRequest request = new FalcoClientRequest(FalcoClient.this.name, this.route, body, timeout(),
                    metadata);
            return new InterceptorChain(blocking, 0).proceed(request);
        }

        /**
         * The outcome of a blocking send's chain: its interceptors may have composed the future, so it is waited
         * for, at most the timeout (and a second against a lost wake-up).
         */
        private byte[] await(CompletableFuture<byte[]> response) {
            Duration timeout = timeout();
            try {
                return response.get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            }
            catch (ExecutionException ex) {
                if (ex.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new FalcoClientException("the request to FalcoTCP target '" + FalcoClient.this.name
                        + "' failed", ex.getCause());
            }
            catch (TimeoutException ex) {
                throw new FalcoTimeoutException("no response from FalcoTCP target '" + FalcoClient.this.name
                        + "' within " + timeout.toMillis() + " ms");
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new FalcoClientException("interrupted while waiting for a response from FalcoTCP target '"
                        + FalcoClient.this.name + "'", ex);
            }
        }

        private <T> T send(Object request, PayloadCodec<T> codec, String typeName) {
            return decode(send(FalcoClient.this.codecs.encode(request)), codec, typeName);
        }

        private <T> CompletableFuture<T> sendAsync(Object request, PayloadCodec<T> codec, String typeName) {
            return sendAsync(FalcoClient.this.codecs.encode(request))
                .thenApply((response) -> decode(response, codec, typeName));
        }

        @SuppressWarnings("unchecked")
        private <T> PayloadCodec<T> codec(ResolvableType type) {
            return (PayloadCodec<T>) FalcoClient.this.codecs.forType(type);
        }

        /**
         * The interceptors from one index on, ending with the core client.
         */
        private final class InterceptorChain implements FalcoClientInterceptor.Chain {

            private final boolean blocking;

            private final int index;

            InterceptorChain(boolean blocking, int index) {
                this.blocking = blocking;
                this.index = index;
            }

            @Override
            public CompletableFuture<byte[]> proceed(FalcoClientRequest request) {
                List<FalcoClientInterceptor> interceptors = FalcoClient.this.interceptors;
                if (this.index < interceptors.size()) {
                    try {
                        return interceptors.get(this.index).intercept(request,
                                new InterceptorChain(this.blocking, this.index + 1));
                    }
                    catch (RuntimeException ex) {
                        // an interceptor that throws fails the call as a failed future would
                        return CompletableFuture.failedFuture(ex);
                    }
                }
                FalcoTcpClient tcpClient = FalcoClient.this.tcpClient;
                Metadata metadata = request.metadata().build();
                if (!this.blocking) {
                    return tcpClient.requestAsync(request.route(), request.body(), request.timeout(), metadata);
                }
                try {
                    return CompletableFuture.completedFuture(tcpClient.request(request.route(), request.body(),
                            request.timeout(), metadata));
                }
                catch (FalcoClientException ex) {
                    return CompletableFuture.failedFuture(ex);
                }
            }

        }

        private <T> T decode(byte[] response, PayloadCodec<T> codec, String typeName) {
            try {
                return codec.decode(response);
            }
            catch (PayloadDecodingException ex) {
                String target = (this.route != null) ? "route '" + this.route + "' of " : "";
                throw new FalcoClientException("the response of " + target + "FalcoTCP target '"
                        + FalcoClient.this.name + "' cannot be read as " + typeName + ": "
                        + ex.getMessage(), ex);
            }
        }

    }


}
