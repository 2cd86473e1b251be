package io.falcotcp.spring.client;

import java.time.Duration;

import io.falcotcp.protocol.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * One request of a {@link FalcoClient} as its {@link FalcoClientInterceptor}s see it: where it goes, its encoded
 * body, its timeout and its metadata, which interceptors may add to before the request is sent.
 */
public final class FalcoClientRequest {

    private final String client;

    private final @Nullable String route;

    private final byte[] body;

    private final Duration timeout;

    private final Metadata.Builder metadata;

    FalcoClientRequest(String client, @Nullable String route, byte[] body, Duration timeout, Metadata metadata) {
        this.client = client;
        this.route = route;
        this.body = body;
        this.timeout = timeout;
        this.metadata = metadata.toBuilder();
    }

    /**
     * The name of the client sending the request.
     * @return {@code default}, a target's name, or the name given to {@link FalcoClientBuilder}
     */
    public String client() {
        return this.client;
    }

    /**
     * The route of the request.
     * @return the route, {@code null} for the server's default handler
     */
    public @Nullable String route() {
        return this.route;
    }

    /**
     * The encoded body; not to be modified.
     * @return the request body
     */
    public byte[] body() {
        return this.body;
    }

    /**
     * How long the request may take: its own timeout, or the client's request timeout.
     * @return the timeout
     */
    public Duration timeout() {
        return this.timeout;
    }

    /**
     * The request's metadata so far (the caller's, then what interceptors added), to read and to add to. Entries
     * added with {@link Metadata.Builder#put} are required: the request fails where metadata cannot travel (plain
     * v1, a session server without the metadata feature); those added with {@link Metadata.Builder#propagate} are
     * left out there instead.
     * @return the metadata builder
     */
    public Metadata.Builder metadata() {
        return this.metadata;
    }

}
