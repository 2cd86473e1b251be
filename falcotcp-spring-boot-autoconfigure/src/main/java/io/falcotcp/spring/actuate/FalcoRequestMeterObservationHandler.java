package io.falcotcp.spring.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.falcotcp.spring.client.FalcoClientObservationContext;
import io.falcotcp.spring.handler.FalcoServerObservationContext;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Records the {@code falco.server.requests} and {@code falco.client.requests} observations as the same meters as
 * Micrometer's {@link DefaultMeterObservationHandler} (a timer tagged with the observation's low-cardinality key values
 * and {@code error}, and a {@code .active} long task timer tagged with the key values known at start), without looking
 * meters up in the registry for every request: each distinct set of key values is looked up once and its meters are
 * kept. Ordered before the default handler, it takes the FalcoTCP observations and leaves every other to it.
 */
public class FalcoRequestMeterObservationHandler implements MeterObservationHandler<Observation.Context> {

    private static final String NO_ERROR = "none";

    private final MeterRegistry registry;

    private final Clock clock;

    private final Set<String> observationNames;

    private final boolean longTaskTimers;

    private final Map<KeyValues, TimersByError> timers = new ConcurrentHashMap<>();

    private final Map<KeyValues, LongTaskTimer> activeTimers = new ConcurrentHashMap<>();

    /**
     * Creates a handler of the named observations.
     * @param registry where the meters are registered
     * @param observationNames the names of the observations this handler records
     * @param longTaskTimers whether to record the {@code .active} long task timers (Boot's
     * {@code management.metrics.observations.ignored-meters})
     */
    public FalcoRequestMeterObservationHandler(MeterRegistry registry, Set<String> observationNames,
            boolean longTaskTimers) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.clock = registry.config().clock();
        this.observationNames = Set.copyOf(observationNames);
        this.longTaskTimers = longTaskTimers;
        // a meter removed from the registry is registered again on its next use
        registry.config().onMeterRemoved((meter) -> {
            this.timers.clear();
            this.activeTimers.clear();
        });
    }

    /**
     * Takes the FalcoTCP requests by their context, whose name is not set yet when handlers are chosen (a
     * convention names the observation as it starts), and any other observation by one of the names.
     */
    @Override
    public boolean supportsContext(Observation.Context context) {
        if (context instanceof FalcoServerObservationContext || context instanceof FalcoClientObservationContext) {
            return true;
        }
        String name = context.getName();
        return name != null && this.observationNames.contains(name);
    }

    @Override
    public void onStart(Observation.Context context) {
        LongTaskTimer.Sample active = null;
        if (this.longTaskTimers) {
            KeyValues keyValues = context.getLowCardinalityKeyValues();
            active = this.activeTimers.computeIfAbsent(keyValues,
                    (key) -> LongTaskTimer.builder(context.getName() + ".active").tags(tags(key)).register(this.registry))
                .start();
        }
        context.put(RequestTiming.class, new RequestTiming(this.clock.monotonicTime(), active));
    }

    @Override
    public void onStop(Observation.Context context) {
        RequestTiming timing = context.getRequired(RequestTiming.class);
        long duration = this.clock.monotonicTime() - timing.startNanos();
        Throwable error = context.getError();
        String errorTag = (error != null) ? error.getClass().getSimpleName() : NO_ERROR;
        KeyValues keyValues = context.getLowCardinalityKeyValues();
        this.timers.computeIfAbsent(keyValues, (key) -> new TimersByError(context.getName(), key))
            .timer(errorTag)
            .record(duration, TimeUnit.NANOSECONDS);
        if (timing.active() != null) {
            timing.active().stop();
        }
    }

    @Override
    public void onEvent(Observation.Event event, Observation.Context context) {
        // events are rare: looked up every time, as the default handler does
        Counter.builder(context.getName() + "." + event.getName())
            .tags(tags(context.getLowCardinalityKeyValues()))
            .register(this.registry)
            .increment();
    }

    private static Tags tags(KeyValues keyValues) {
        List<Tag> tags = new ArrayList<>();
        for (KeyValue keyValue : keyValues) {
            tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
        }
        return Tags.of(tags);
    }

    /** When a request started, and its sample of the long task timer if there is one. */
    private record RequestTiming(long startNanos, LongTaskTimer.@Nullable Sample active) {
    }

    /**
     * The timers of one set of key values, one per error tag, each registered on first use (as the default handler
     * registers them); the one without an error is kept apart.
     */
    private final class TimersByError {

        private final String name;

        private final Tags tags;

        private volatile @Nullable Timer withoutError;

        private final Map<String, Timer> withError = new ConcurrentHashMap<>();

        TimersByError(String name, KeyValues keyValues) {
            this.name = name;
            this.tags = tags(keyValues);
        }

        Timer timer(String errorTag) {
            if (!NO_ERROR.equals(errorTag)) {
                return this.withError.computeIfAbsent(errorTag, this::register);
            }
            Timer timer = this.withoutError;
            if (timer == null) {
                // registering twice is harmless: the registry answers the same meter
                timer = register(NO_ERROR);
                this.withoutError = timer;
            }
            return timer;
        }

        private Timer register(String errorTag) {
            return Timer.builder(this.name)
                .tags(this.tags.and("error", errorTag))
                .register(FalcoRequestMeterObservationHandler.this.registry);
        }

    }

}
