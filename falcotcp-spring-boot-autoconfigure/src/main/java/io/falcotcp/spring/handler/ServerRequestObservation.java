package io.falcotcp.spring.handler;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.AsyncRequestHandler;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import io.falcotcp.server.RequestHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes every request the server hands to the application's handler, whichever it is (the
 * {@link FalcoHandlerRouter} or a {@link RequestHandler} or {@link AsyncRequestHandler} bean of the application's
 * own), as {@value #NAME}: the observation is current while the handler runs (and with it the
 * {@link io.falcotcp.spring.handler.interceptor.FalcoServerInterceptor}s), and ends when the response is ready, with
 * the low-cardinality keys {@code route} and {@code outcome} (the status answered: {@code OK},
 * {@code BAD_REQUEST}...; see {@link DefaultFalcoServerObservationConvention}). A failure answered
 * {@code HANDLER_ERROR} is the observation's error. Its {@link FalcoServerObservationContext} reads the request's
 * metadata, so that a tracer continues the trace whose context the client propagated ({@code traceparent}).
 * <p>
 * Routes come from clients, so only listed routes are tagged as they are: the default handler is
 * {@value FalcoHandlerRegistry#DEFAULT_ROUTE_TAG} and any route not listed {@value #UNLISTED_ROUTE_TAG}, which keeps
 * the number of meters bounded whatever clients send.
 */
public final class ServerRequestObservation {

    /** The name of the observation of each request, and of the timer metrics derive from it. */
    public static final String NAME = "falco.server.requests";

    /** The value of the route key for a route that is not listed: unknown, or answered by a handler bean. */
    public static final String UNLISTED_ROUTE_TAG = "(other)";

    private final ObservationRegistry registry;

    private final Predicate<String> listedRoutes;

    private final @Nullable FalcoServerObservationConvention convention;

    private ServerRequestObservation(ObservationRegistry registry, Predicate<String> listedRoutes,
            @Nullable FalcoServerObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.listedRoutes = Objects.requireNonNull(listedRoutes, "listedRoutes must not be null");
        this.convention = convention;
    }

    /**
     * Observes the requests of a synchronous handler.
     * @param handler the handler
     * @param registry where requests are observed; {@link ObservationRegistry#NOOP} for none
     * @param listedRoutes the routes tagged as they are (the others are {@value #UNLISTED_ROUTE_TAG})
     * @return the handler that observes and delegates
     */
    public static RequestHandler observe(RequestHandler handler, ObservationRegistry registry,
            Predicate<String> listedRoutes) {
        return observe(handler, registry, listedRoutes, null);
    }

    /**
     * Observes the requests of a synchronous handler with a convention of the application's.
     * @param handler the handler
     * @param registry where requests are observed; {@link ObservationRegistry#NOOP} for none
     * @param listedRoutes the routes tagged as they are (the others are {@value #UNLISTED_ROUTE_TAG})
     * @param convention the names and key values of the observations, {@code null} for
     * {@link DefaultFalcoServerObservationConvention}
     * @return the handler that observes and delegates
     */
    public static RequestHandler observe(RequestHandler handler, ObservationRegistry registry,
            Predicate<String> listedRoutes, @Nullable FalcoServerObservationConvention convention) {
        return new ObservedRequestHandler(Objects.requireNonNull(handler, "handler must not be null"),
                new ServerRequestObservation(registry, listedRoutes, convention));
    }

    /**
     * Observes the requests of an asynchronous handler until their stages complete.
     * @param handler the handler
     * @param registry where requests are observed; {@link ObservationRegistry#NOOP} for none
     * @param listedRoutes the routes tagged as they are (the others are {@value #UNLISTED_ROUTE_TAG})
     * @return the handler that observes and delegates
     */
    public static AsyncRequestHandler observe(AsyncRequestHandler handler, ObservationRegistry registry,
            Predicate<String> listedRoutes) {
        return observe(handler, registry, listedRoutes, null);
    }

    /**
     * Observes the requests of an asynchronous handler until their stages complete, with a convention of the
     * application's.
     * @param handler the handler
     * @param registry where requests are observed; {@link ObservationRegistry#NOOP} for none
     * @param listedRoutes the routes tagged as they are (the others are {@value #UNLISTED_ROUTE_TAG})
     * @param convention the names and key values of the observations, {@code null} for
     * {@link DefaultFalcoServerObservationConvention}
     * @return the handler that observes and delegates
     */
    public static AsyncRequestHandler observe(AsyncRequestHandler handler, ObservationRegistry registry,
            Predicate<String> listedRoutes, @Nullable FalcoServerObservationConvention convention) {
        return new ObservedAsyncRequestHandler(Objects.requireNonNull(handler, "handler must not be null"),
                new ServerRequestObservation(registry, listedRoutes, convention));
    }

    private Observation start(RequestContext context) {
        // without an observation handler, the context is never made: a request allocates no names
        return Observation.createNotStarted(this.convention, DefaultFalcoServerObservationConvention.INSTANCE,
                () -> new FalcoServerObservationContext(context, isListed(context.route())), this.registry)
            .start();
    }

    private boolean isListed(@Nullable String route) {
        return route != null && this.listedRoutes.test(route);
    }

    private static void stop(Observation observation, @Nullable Throwable failure) {
        RequestStatus outcome = RequestStatus.OK;
        if (failure != null) {
            Throwable cause = failure;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof FalcoRequestException refusal) {
                outcome = refusal.getStatus();
                if (outcome == RequestStatus.HANDLER_ERROR) {
                    observation.error((refusal.getCause() != null) ? refusal.getCause() : refusal);
                }
            }
            else {
                outcome = RequestStatus.HANDLER_ERROR;
                observation.error(cause);
            }
        }
        stop(observation, outcome);
    }

    private static void stop(Observation observation, RequestStatus outcome) {
        if (observation.getContext() instanceof FalcoServerObservationContext context) {
            context.setStatus(outcome);
        }
        observation.stop();
    }

    private static final class ObservedRequestHandler implements RequestHandler {

        private final RequestHandler handler;

        private final ServerRequestObservation observation;

        ObservedRequestHandler(RequestHandler handler, ServerRequestObservation observation) {
            this.handler = handler;
            this.observation = observation;
        }

        @Override
        public boolean blocks(byte[] request, RequestContext context) {
            return this.handler.blocks(request, context);
        }

        @Override
        public byte[] handle(byte[] request, RequestContext context) throws Exception {
            Observation observation = this.observation.start(context);
            byte[] response;
            try (Observation.Scope scope = observation.openScope()) {
                response = this.handler.handle(request, context);
            }
            catch (Exception | Error ex) {
                stop(observation, ex);
                throw ex;
            }
            // the server answers a missing response as a handler error
            stop(observation, (response != null) ? RequestStatus.OK : RequestStatus.HANDLER_ERROR);
            return response;
        }

        @Override
        public String toString() {
            return "observed " + this.handler;
        }

    }

    private static final class ObservedAsyncRequestHandler implements AsyncRequestHandler {

        private final AsyncRequestHandler handler;

        private final ServerRequestObservation observation;

        ObservedAsyncRequestHandler(AsyncRequestHandler handler, ServerRequestObservation observation) {
            this.handler = handler;
            this.observation = observation;
        }

        @Override
        public boolean blocks(byte[] request, RequestContext context) {
            return this.handler.blocks(request, context);
        }

        @Override
        public CompletionStage<byte[]> handle(byte[] request, RequestContext context) {
            Observation observation = this.observation.start(context);
            CompletionStage<byte[]> response;
            try (Observation.Scope scope = observation.openScope()) {
                response = this.handler.handle(request, context);
            }
            catch (RuntimeException | Error ex) {
                stop(observation, ex);
                throw ex;
            }
            if (response == null) {
                // the server answers a missing stage as a handler error
                stop(observation, RequestStatus.HANDLER_ERROR);
                return response;
            }
            if (response instanceof CompletableFuture<byte[]> future && future.isDone()
                    && !future.isCompletedExceptionally()) {
                stop(observation, RequestStatus.OK);
                return future;
            }
            // the returned stage completes after the observation has stopped, so the timer is recorded first
            return response.whenComplete((body, failure) -> {
                if (failure == null && body == null) {
                    stop(observation, RequestStatus.HANDLER_ERROR);
                }
                else {
                    stop(observation, failure);
                }
            });
        }

        @Override
        public String toString() {
            return "observed " + this.handler;
        }

    }

}
