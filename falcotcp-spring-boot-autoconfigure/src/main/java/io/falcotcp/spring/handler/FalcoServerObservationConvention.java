package io.falcotcp.spring.handler;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the {@value ServerRequestObservation#NAME} observations; a bean of this type replaces
 * {@link DefaultFalcoServerObservationConvention} on the auto-configured server (extend the default to add keys).
 */
public interface FalcoServerObservationConvention extends ObservationConvention<FalcoServerObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof FalcoServerObservationContext;
    }

}
