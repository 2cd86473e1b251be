package io.falcotcp.spring.handler;

import java.util.Locale;
import java.util.Objects;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.RequestContext;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of the {@value ServerRequestObservation#NAME} observation of one request: its
 * {@link RequestContext} (the carrier, whose metadata a propagator reads a trace's {@code traceparent} from, keys
 * in lower case),
 * whether its route is listed and, once answered, the status.
 */
public class FalcoServerObservationContext extends ReceiverContext<RequestContext> {

    private final boolean listedRoute;

    private @Nullable RequestStatus status;

    /**
     * Creates the context of a request.
     * @param request the request's context
     * @param listedRoute whether the request's route is one the application lists (an {@code @FalcoHandler} route)
     */
    public FalcoServerObservationContext(RequestContext request, boolean listedRoute) {
        // metadata keys are lower case, as the client writes what propagators give it
        super((carrier, key) -> carrier.metadata().get(key.toLowerCase(Locale.ROOT)), Kind.SERVER);
        setCarrier(Objects.requireNonNull(request, "request must not be null"));
        this.listedRoute = listedRoute;
    }

    /**
     * The request's context: its route, metadata and connection.
     * @return the request's context
     */
    public RequestContext getRequest() {
        return getCarrier();
    }

    /**
     * Whether the route is one the application lists, so that it can be a tag: routes come from clients, and
     * unlisted ones would make the number of meters unbounded.
     * @return {@code true} for a route of an {@code @FalcoHandler} method
     */
    public boolean isListedRoute() {
        return this.listedRoute;
    }

    /**
     * The status the request was answered with.
     * @return the status, {@code null} until the request is answered
     */
    public @Nullable RequestStatus getStatus() {
        return this.status;
    }

    /**
     * Sets the status the request was answered with, before its observation stops.
     * @param status the status
     */
    public void setStatus(RequestStatus status) {
        this.status = Objects.requireNonNull(status, "status must not be null");
    }

}
