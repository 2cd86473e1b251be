package io.falcotcp.spring.handler.interceptor;

import java.util.concurrent.CompletionStage;

/**
 * The rest of a request's way: the next {@link FalcoServerInterceptor}, or the {@code @FalcoHandler} method itself.
 */
@FunctionalInterface
public interface FalcoServerInterceptorChain {

    /**
     * Passes the request on.
     * @param request the request the interceptor received
     * @return the stage of the response body: already complete for a synchronous method, completing when its stage
     * does for an asynchronous one; failing as the method fails (before its exception is mapped to a status)
     * @throws Exception as the next interceptor or the method throws
     */
    CompletionStage<byte[]> proceed(FalcoServerRequest request) throws Exception;

}
