package io.falcotcp.spring.handler.exception;

import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the status and the safe message a client receives when a {@code @FalcoHandler} method fails. Beans of this
 * type are asked in their order ({@code @Order} on the class or on the {@code @Bean} method, or
 * {@link org.springframework.core.Ordered}), together with the {@code @FalcoAdvice} beans, after the
 * {@code @FalcoExceptionHandler} methods of the handler's own class; the first answer that is not {@code null} is
 * sent. An exception that none maps is answered {@code HANDLER_ERROR} with a generic message.
 * <p>
 * It is called on the thread where the failure surfaced, which may be an event loop: it must not block.
 */
@FunctionalInterface
public interface FalcoExceptionHandler {

    /**
     * Maps a failure to the answer of the request.
     * @param exception what the handler method threw, or what its stage failed with (unwrapped from a
     * {@link java.util.concurrent.CompletionException}); never a {@link FalcoRequestException}, which is answered as
     * it is
     * @param context the connection and route of the request
     * @return the status and message to answer with (its message goes to the client, so it must be short and
     * safe), or {@code null} to leave the exception to the next handler
     */
    @Nullable FalcoRequestException handleException(Throwable exception, RequestContext context);

}
