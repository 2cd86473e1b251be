package io.falcotcp.spring.client;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of the {@value FalcoClient#OBSERVATION_NAME} observations: the low-cardinality
 * keys {@code client}, {@code route} ({@value FalcoClient#DEFAULT_ROUTE} for the server's default handler) and, once
 * answered, {@code outcome} (a {@link FalcoRequestOutcome}); the contextual name {@code falco <client> <route>}.
 */
public class DefaultFalcoClientObservationConvention implements FalcoClientObservationConvention {

    /** The shared instance. */
    public static final DefaultFalcoClientObservationConvention INSTANCE = new DefaultFalcoClientObservationConvention();

    @Override
    public String getName() {
        return FalcoClient.OBSERVATION_NAME;
    }

    @Override
    public String getContextualName(FalcoClientObservationContext context) {
        return "falco " + context.getClientName() + " " + route(context);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(FalcoClientObservationContext context) {
        KeyValues keyValues = KeyValues.of(KeyValue.of("client", context.getClientName()),
                KeyValue.of("route", route(context)));
        FalcoRequestOutcome outcome = context.getOutcome();
        return (outcome != null) ? keyValues.and("outcome", outcome.name()) : keyValues;
    }

    private static String route(FalcoClientObservationContext context) {
        String route = context.getRoute();
        return (route != null) ? route : FalcoClient.DEFAULT_ROUTE;
    }

}
