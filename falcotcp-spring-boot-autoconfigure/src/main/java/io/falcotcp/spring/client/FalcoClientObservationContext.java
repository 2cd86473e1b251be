package io.falcotcp.spring.client;

import java.util.Locale;
import java.util.Objects;

import io.falcotcp.protocol.Metadata;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.RequestReplySenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of the {@value FalcoClient#OBSERVATION_NAME} observation of one request: the client, the route and,
 * once answered, the outcome. It is its own carrier: what a propagator writes (a trace's {@code traceparent}) is
 * added to the request's metadata as propagated entries, which travel where the connection carries metadata (the
 * session mode with the metadata feature) and are left out elsewhere, so that a plain v1 request still goes ahead.
 */
public class FalcoClientObservationContext
        extends RequestReplySenderContext<FalcoClientObservationContext, byte[]> {

    private final String clientName;

    private final @Nullable String route;

    private Metadata metadata;

    private Metadata.@Nullable Builder propagated;

    private @Nullable FalcoRequestOutcome outcome;

    /**
     * Creates the context of a request.
     * @param clientName the name of the client sending it
     * @param route the route, {@code null} for the server's default handler
     * @param metadata the metadata the caller gave the request
     */
    public FalcoClientObservationContext(String clientName, @Nullable String route, Metadata metadata) {
        super(FalcoClientObservationContext::propagate, Kind.CLIENT);
        this.clientName = Objects.requireNonNull(clientName, "clientName must not be null");
        this.route = route;
        this.metadata = Objects.requireNonNull(metadata, "metadata must not be null");
        setCarrier(this);
        setRemoteServiceName(clientName);
    }

    /**
     * Adds an entry a propagator writes as a propagated metadata entry, its key in lower case as metadata keys are
     * (B3's {@code X-B3-TraceId} becomes {@code x-b3-traceid}, as HTTP/2 writes header names). Entries metadata
     * cannot hold (other characters, past the limits of {@link Metadata}) are dropped: context passed along must
     * never fail the request.
     */
    private static void propagate(@Nullable FalcoClientObservationContext context, String key, String value) {
        if (context == null) {
            return;
        }
        Metadata.Builder builder = context.propagated;
        if (builder == null) {
            builder = context.metadata.toBuilder();
            context.propagated = builder;
        }
        try {
            builder.propagate(key.toLowerCase(Locale.ROOT), value);
        }
        catch (IllegalArgumentException ex) {
            // left out, as it would be on a connection without metadata
        }
    }

    /**
     * The name of the client sending the request.
     * @return {@code default}, a target's name, or the name given to {@link FalcoClientBuilder}
     */
    public String getClientName() {
        return this.clientName;
    }

    /**
     * The route of the request.
     * @return the route, {@code null} for the server's default handler
     */
    public @Nullable String getRoute() {
        return this.route;
    }

    /**
     * The metadata to send: the caller's, with what propagators added.
     * @return the metadata of the request
     */
    public Metadata getMetadata() {
        if (this.propagated != null) {
            this.metadata = this.propagated.build();
            this.propagated = null;
        }
        return this.metadata;
    }

    /**
     * How the request ended.
     * @return the outcome, {@code null} until the request is answered or failed
     */
    public @Nullable FalcoRequestOutcome getOutcome() {
        return this.outcome;
    }

    /**
     * Sets how the request ended, before its observation stops.
     * @param outcome the outcome
     */
    public void setOutcome(FalcoRequestOutcome outcome) {
        this.outcome = Objects.requireNonNull(outcome, "outcome must not be null");
    }

}
