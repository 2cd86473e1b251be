package io.falcotcp.sample;

import java.util.concurrent.CompletionStage;

import io.falcotcp.spring.handler.interceptor.FalcoServerInterceptor;
import io.falcotcp.spring.handler.interceptor.FalcoServerInterceptorChain;
import io.falcotcp.spring.handler.interceptor.FalcoServerRequest;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Puts the route and the connection id of each request in the logging context (MDC) while its handler method runs,
 * so that every line the method logs says which request it belongs to (the log pattern, in application.yml, shows
 * them). It removes them once the method has returned, also on the event loops, whose threads serve many connections.
 */
@Component
class LoggingContextInterceptor implements FalcoServerInterceptor {

    static final String ROUTE = "falco.route";

    static final String CONNECTION = "falco.connection";

    @Override
    public CompletionStage<byte[]> intercept(FalcoServerRequest request, FalcoServerInterceptorChain chain) {
        String route = request.route();
        MDC.put(ROUTE, (route != null) ? route : "default");
        MDC.put(CONNECTION, Long.toString(request.context().connectionId()));
        try {
            return chain.proceed(request);
        }
        finally {
            MDC.remove(ROUTE);
            MDC.remove(CONNECTION);
        }
    }

}
