package io.falcotcp.spring.handler;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The {@link FalcoHandler} methods found at start-up, by route: at most one per route, and at most one default
 * handler (no route), which plain v1 requests reach. The {@link FalcoHandlerRouter} looks requests up here.
 */
public class FalcoHandlerRegistry {

    /** How the default handler is named among routes: in health details and in the route key of observations. */
    public static final String DEFAULT_ROUTE_TAG = "(default)";

    private final Map<String, FalcoHandlerMethod> routes = new ConcurrentHashMap<>();

    private volatile @Nullable FalcoHandlerMethod defaultHandler;

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
     * The method of a route.
     * @param route the route a request names, {@code null} for the default handler
     * @return the method, or {@code null} when none answers the route
     */
    public @Nullable FalcoHandlerMethod find(@Nullable String route) {
        return (route != null) ? this.routes.get(route) : this.defaultHandler;
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

}
