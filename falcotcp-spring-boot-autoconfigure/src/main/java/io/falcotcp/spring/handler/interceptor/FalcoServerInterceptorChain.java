package io.falcotcp.spring.handler.interceptor;

import java.util.concurrent.CompletionStage;

/**
 * The rest of a request's way: the next {@link FalcoServerInterceptor}, or the {@code @FalcoHandler} method itself.
 */
@FunctionalInterface
public interface FalcoServerInterceptorChain {

    /**
     * Passes the request on. It does not throw: whatever fails on the rest of the way (a later interceptor's
     * rejection, the method's exception, a body that cannot be read) fails the returned stage, so that
     * {@code whenComplete} on it sees every outcome.
     * @param request the request the interceptor received
     * @return the stage of the response body: already complete for a synchronous method, completing when its stage
     * does for an asynchronous one; failed with the exception as it was thrown, before it is mapped to a status
     */
    CompletionStage<byte[]> proceed(FalcoServerRequest request);

}
