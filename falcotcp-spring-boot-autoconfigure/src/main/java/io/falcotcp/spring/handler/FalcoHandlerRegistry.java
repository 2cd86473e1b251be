package io.falcotcp.spring.handler;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.AsyncRequestHandler;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler the server runs when the application declares {@link FalcoHandler} methods: it routes each request to
 * the method of its route (plain v1 requests, which name none, to the default handler), observes it as
 * {@value #OBSERVATION_NAME} with the route and outcome until its response is ready, and turns failures into
 * statuses: an unknown route is {@link RequestStatus#UNKNOWN_ROUTE}, an undecodable or invalid body
 * {@link RequestStatus#BAD_REQUEST}, an exception as the method's {@link FalcoHandlerExceptionResolver} maps it, and
 * any other exception {@link RequestStatus#HANDLER_ERROR} with a generic message, logged with its route.
 * <p>
 * It tells the server, per request, where the method runs ({@link #blocks(byte[], RequestContext)}): blocking
 * methods on the handler executor; methods declared {@code blocking = false} and asynchronous ones on the event loop,
 * the latter completing when their stage does.
 */
public class FalcoHandlerRegistry implements AsyncRequestHandler {

    /** The name of the observation of each request, and of the timer metrics derive from it. */
    public static final String OBSERVATION_NAME = "falco.server.requests";

    /** The value of the route key for the default handler. */
    public static final String DEFAULT_ROUTE_TAG = "(default)";

    private static final Logger logger = LoggerFactory.getLogger(FalcoHandlerRegistry.class);

    private final Map<String, FalcoHandlerMethod> routes = new ConcurrentHashMap<>();

    private final ObservationRegistry observationRegistry;

    private volatile @Nullable FalcoHandlerMethod defaultHandler;

    /**
     * Creates an empty registry.
     * @param observationRegistry where requests are observed; {@link ObservationRegistry#NOOP} for none
     */
    public FalcoHandlerRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = Objects.requireNonNull(observationRegistry,
                "observationRegistry must not be null");
    }

    /**
     * Adds a handler method for its route.
     * @param handlerMethod the method
     * @throws InvalidFalcoHandlerException when its route, or the default handler, is taken, naming both methods
     */
    public synchronized void register(FalcoHandlerMethod handlerMethod) {
        Objects.requireNonNull(handlerMethod, "handlerMethod must not be null");
        String route = handlerMethod.getRoute();
        FalcoHandlerMethod existing = route.isEmpty() ? this.defaultHandler : this.routes.get(route);
        if (existing != null) {
            String what = route.isEmpty() ? "the default handler (@FalcoHandler without a route)" : "route '" + route
                    + "'";
            throw new InvalidFalcoHandlerException("Two @FalcoHandler methods declare " + what + ": " + existing
                    + " and " + handlerMethod + "; give one of them another route");
        }
        if (route.isEmpty()) {
            this.defaultHandler = handlerMethod;
        }
        else {
            this.routes.put(route, handlerMethod);
        }
    }

    /**
     * The named routes, for health details.
     * @return the routes, sorted
     */
    public Set<String> routes() {
        return Collections.unmodifiableSet(new TreeSet<>(this.routes.keySet()));
    }

    /**
     * Whether a default handler is registered.
     * @return {@code true} when plain v1 requests have a handler
     */
    public boolean hasDefaultHandler() {
        return this.defaultHandler != null;
    }

    /**
     * Whether no handler method is registered.
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return this.defaultHandler == null && this.routes.isEmpty();
    }

    /**
     * Whether the method of the request's route may block, so that the server calls {@link #handle} on its handler
     * executor; an unknown route is answered on the event loop.
     */
    @Override
    public boolean blocks(byte[] request, RequestContext context) {
        FalcoHandlerMethod handlerMethod = find(context.route());
        return handlerMethod != null && handlerMethod.isBlocking();
    }

    @Override
    public CompletionStage<byte[]> handle(byte[] request, RequestContext context) {
        String route = context.route();
        FalcoHandlerMethod handlerMethod = find(route);
        if (handlerMethod == null) {
            return CompletableFuture.failedFuture(new FalcoRequestException(RequestStatus.UNKNOWN_ROUTE,
                    (route != null) ? "no handler for route '" + route + "'" : "no default handler; name a route"));
        }
        Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.observationRegistry);
        if (!observation.isNoop()) {
            // without an observation handler, a request allocates no names
            observation.contextualName("falco " + ((route != null) ? route : "default"))
                .lowCardinalityKeyValue("route", (route != null) ? route : DEFAULT_ROUTE_TAG);
        }
        observation.start();
        return handlerMethod.isAsync() ? invokeAsync(handlerMethod, request, context, observation)
                : invoke(handlerMethod, request, context, observation);
    }

    private @Nullable FalcoHandlerMethod find(@Nullable String route) {
        return (route != null) ? this.routes.get(route) : this.defaultHandler;
    }

    private CompletionStage<byte[]> invoke(FalcoHandlerMethod handlerMethod, byte[] request, RequestContext context,
            Observation observation) {
        RequestStatus outcome = RequestStatus.HANDLER_ERROR;
        try (Observation.Scope scope = observation.openScope()) {
            byte[] response = handlerMethod.invoke(request, context);
            outcome = RequestStatus.OK;
            return CompletableFuture.completedFuture(response);
        }
        catch (Exception ex) {
            FalcoRequestException failure = refusal(ex, handlerMethod, context, observation);
            outcome = failure.getStatus();
            return CompletableFuture.failedFuture(failure);
        }
        finally {
            stop(observation, outcome);
        }
    }

    private CompletionStage<byte[]> invokeAsync(FalcoHandlerMethod handlerMethod, byte[] request,
            RequestContext context, Observation observation) {
        CompletionStage<byte[]> response;
        try (Observation.Scope scope = observation.openScope()) {
            response = handlerMethod.invokeAsync(request, context);
        }
        catch (Exception ex) {
            FalcoRequestException failure = refusal(ex, handlerMethod, context, observation);
            stop(observation, failure.getStatus());
            return CompletableFuture.failedFuture(failure);
        }
        return response.handle((body, ex) -> {
            if (ex == null) {
                stop(observation, RequestStatus.OK);
                return body;
            }
            FalcoRequestException failure = refusal(unwrap(ex), handlerMethod, context, observation);
            stop(observation, failure.getStatus());
            throw failure;
        });
    }

    /**
     * The answer to a failure: as the method's exception resolver maps it (a {@link FalcoRequestException} as it
     * is), else, logged, a {@link RequestStatus#HANDLER_ERROR} with a generic message that carries it as the cause.
     */
    private FalcoRequestException refusal(Throwable failure, FalcoHandlerMethod handlerMethod, RequestContext context,
            Observation observation) {
        String route = context.route();
        FalcoRequestException answer = handlerMethod.getExceptionResolver().resolve(failure, context);
        if (answer != null) {
            if (answer != failure && logger.isDebugEnabled()) {
                logger.debug("FalcoTCP handler {} failed on route {} (connection {}), answered {}", handlerMethod,
                        (route != null) ? "'" + route + "'" : "default", context.connectionId(), answer.getStatus(),
                        failure);
            }
            return answer;
        }
        observation.error(failure);
        logger.warn("FalcoTCP handler {} failed on route {} (connection {})", handlerMethod,
                (route != null) ? "'" + route + "'" : "default", context.connectionId(), failure);
        return new FalcoRequestException(RequestStatus.HANDLER_ERROR, "the handler failed", failure);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void stop(Observation observation, RequestStatus outcome) {
        if (!observation.isNoop()) {
            observation.lowCardinalityKeyValue("outcome", outcome.name());
        }
        observation.stop();
    }

}
