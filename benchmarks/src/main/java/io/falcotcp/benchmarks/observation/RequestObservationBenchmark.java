package io.falcotcp.benchmarks.observation;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.RequestContext;
import io.falcotcp.spring.actuate.FalcoRequestMeterObservationHandler;
import io.falcotcp.spring.handler.DefaultFalcoServerObservationConvention;
import io.falcotcp.spring.handler.FalcoServerObservationContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One server request's observation as {@code ServerRequestObservation} makes it (its context and the default
 * convention, start, scope, status, stop), recorded as meters by Micrometer's {@code DefaultMeterObservationHandler} (what Boot registers for every
 * observation) or by the project's {@code FalcoRequestMeterObservationHandler}, each the one member of a
 * first-matching group as Boot registers meter handlers. {@code inFlight} requests are open at once (the oldest
 * stops as a new one starts), as on a connection with that many requests in flight.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestObservationBenchmark {

    private static final String NAME = "falco.server.requests";

    /** A session request to route {@code orders}. */
    private static final RequestContext REQUEST = new RequestContext() {

        private final SocketAddress address = new InetSocketAddress("127.0.0.1", 40000);

        @Override
        public long connectionId() {
            return 1;
        }

        @Override
        public SocketAddress remoteAddress() {
            return this.address;
        }

        @Override
        public String route() {
            return "orders";
        }

    };

    /** The meter handler: {@code DEFAULT} (Micrometer's) or {@code FALCO} (the project's). */
    @Param({ "DEFAULT", "FALCO" })
    public String handler = "FALCO";

    @Param({ "1", "64" })
    public int inFlight;

    // assigned in setUp, which JMH runs before any benchmark method
    private ObservationRegistry registry;

    private Observation[] open;

    private int next;

    /**
     * Creates the registries and opens {@code inFlight - 1} requests.
     */
    @Setup
    public void setUp() {
        MeterRegistry meters = new SimpleMeterRegistry();
        MeterObservationHandler<Observation.Context> meterHandler = "FALCO".equals(this.handler)
                ? new FalcoRequestMeterObservationHandler(meters, Set.of(NAME), true)
                : new DefaultMeterObservationHandler(meters);
        this.registry = ObservationRegistry.create();
        this.registry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(meterHandler));
        this.open = new Observation[this.inFlight];
        for (int i = 0; i < this.inFlight - 1; i++) {
            this.open[i] = start();
        }
        this.next = this.inFlight - 1;
    }

    /**
     * Starts one request and stops the oldest open one.
     * @return the stopped observation
     */
    @Benchmark
    public Observation request() {
        this.open[this.next] = start();
        this.next = (this.next + 1) % this.inFlight;
        Observation oldest = this.open[this.next];
        ((FalcoServerObservationContext) oldest.getContext()).setStatus(RequestStatus.OK);
        oldest.stop();
        return oldest;
    }

    private Observation start() {
        Observation observation = Observation.createNotStarted(null, DefaultFalcoServerObservationConvention.INSTANCE,
                () -> new FalcoServerObservationContext(REQUEST, true), this.registry);
        observation.start();
        try (Observation.Scope scope = observation.openScope()) {
            return observation;
        }
    }

}
