package io.falcotcp.spring.handler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.falcotcp.protocol.RequestStatus;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of the {@value ServerRequestObservation#NAME} observations: the low-cardinality
 * keys {@code route} (the route when it is listed, {@value FalcoHandlerRegistry#DEFAULT_ROUTE_TAG} for the default
 * handler, {@value ServerRequestObservation#UNLISTED_ROUTE_TAG} for any other) and, once answered, {@code outcome}
 * (the status: {@code OK}, {@code BAD_REQUEST}...); the contextual name {@code falco <route>}
 * ({@code falco default} for the default handler).
 */
public class DefaultFalcoServerObservationConvention implements FalcoServerObservationConvention {

    /** The shared instance. */
    public static final DefaultFalcoServerObservationConvention INSTANCE = new DefaultFalcoServerObservationConvention();

    private static final RouteKeyValues DEFAULT_ROUTE = new RouteKeyValues(FalcoHandlerRegistry.DEFAULT_ROUTE_TAG,
            "falco default");

    private static final RouteKeyValues UNLISTED_ROUTE = new RouteKeyValues(ServerRequestObservation.UNLISTED_ROUTE_TAG,
            "falco " + ServerRequestObservation.UNLISTED_ROUTE_TAG);

    /** Listed routes only, so bounded by the routes the application declares. */
    private final Map<String, RouteKeyValues> listedRoutes = new ConcurrentHashMap<>();

    @Override
    public String getName() {
        return ServerRequestObservation.NAME;
    }

    @Override
    public String getContextualName(FalcoServerObservationContext context) {
        return route(context).contextualName;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(FalcoServerObservationContext context) {
        RouteKeyValues route = route(context);
        RequestStatus status = context.getStatus();
        return (status != null) ? route.answered[status.ordinal()] : route.started;
    }

    /**
     * The key values of a request's route, made once per route: a request allocates none.
     */
    private RouteKeyValues route(FalcoServerObservationContext context) {
        String route = context.getRequest().route();
        if (route == null) {
            return DEFAULT_ROUTE;
        }
        if (!context.isListedRoute()) {
            return UNLISTED_ROUTE;
        }
        return this.listedRoutes.computeIfAbsent(route, (listed) -> new RouteKeyValues(listed, "falco " + listed));
    }

    private static final class RouteKeyValues {

        private final String contextualName;

        private final KeyValues started;

        private final KeyValues[] answered;

        RouteKeyValues(String tag, String contextualName) {
            this.contextualName = contextualName;
            this.started = KeyValues.of("route", tag);
            RequestStatus[] statuses = RequestStatus.values();
            this.answered = new KeyValues[statuses.length];
            for (RequestStatus status : statuses) {
                this.answered[status.ordinal()] = this.started.and("outcome", status.name());
            }
        }

    }

}
