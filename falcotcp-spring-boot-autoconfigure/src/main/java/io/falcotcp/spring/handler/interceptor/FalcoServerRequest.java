package io.falcotcp.spring.handler.interceptor;

import java.util.Objects;

import io.falcotcp.server.RequestContext;
import io.falcotcp.spring.handler.FalcoHandlerMethod;
import org.jspecify.annotations.Nullable;

/**
 * A request on its way to a {@code @FalcoHandler} method, as {@link FalcoServerInterceptor}s see it.
 *
 * @param handler the method the request was routed to ({@link FalcoHandlerMethod#getMethod()} gives its annotations)
 * @param body the decrypted request body, as the client sent it; not to be modified
 * @param context the connection (id, remote address, session mode, negotiated features) and route of the request
 */
public record FalcoServerRequest(FalcoHandlerMethod handler, byte[] body, RequestContext context) {

    /**
     * Creates a request.
     * @param handler the method the request was routed to
     * @param body the request body
     * @param context the connection and route of the request
     */
    public FalcoServerRequest {
        Objects.requireNonNull(handler, "handler must not be null");
        Objects.requireNonNull(body, "body must not be null");
        Objects.requireNonNull(context, "context must not be null");
    }

    /**
     * The route the client named.
     * @return the route, or {@code null} for the default handler (every plain v1 request)
     */
    public @Nullable String route() {
        return this.context.route();
    }

}
