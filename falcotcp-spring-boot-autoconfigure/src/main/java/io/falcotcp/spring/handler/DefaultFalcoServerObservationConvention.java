package io.falcotcp.spring.handler;

import io.falcotcp.protocol.RequestStatus;
import io.micrometer.common.KeyValue;
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

    @Override
    public String getName() {
        return ServerRequestObservation.NAME;
    }

    @Override
    public String getContextualName(FalcoServerObservationContext context) {
        return "falco " + ((context.getRequest().route() == null) ? "default" : routeTag(context));
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(FalcoServerObservationContext context) {
        KeyValue route = KeyValue.of("route", routeTag(context));
        RequestStatus status = context.getStatus();
        return (status != null) ? KeyValues.of(route, KeyValue.of("outcome", status.name())) : KeyValues.of(route);
    }

    private static String routeTag(FalcoServerObservationContext context) {
        String route = context.getRequest().route();
        if (route == null) {
            return FalcoHandlerRegistry.DEFAULT_ROUTE_TAG;
        }
        return context.isListedRoute() ? route : ServerRequestObservation.UNLISTED_ROUTE_TAG;
    }

}
