package io.falcotcp.spring.client;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the {@value FalcoClient#OBSERVATION_NAME} observations; a bean of this type replaces
 * {@link DefaultFalcoClientObservationConvention} on the auto-configured clients (extend the default to add keys).
 */
public interface FalcoClientObservationConvention extends ObservationConvention<FalcoClientObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof FalcoClientObservationContext;
    }

}
