package io.falcotcp.spring.handler.interceptor;

import java.util.concurrent.CompletionStage;

/**
 * Runs around every request that reaches a {@code @FalcoHandler} method (the default handler included): it sees the
 * request's route, body and {@link io.falcotcp.server.RequestContext}, and decides whether and how the request
 * {@linkplain FalcoServerInterceptorChain#proceed proceeds}. Beans of this type apply to every handler method, in
 * their order ({@code @Order} on the class or on the {@code @Bean} method, or
 * {@link org.springframework.core.Ordered}): the first is the outermost.
 * <p>
 * To reject a request, throw a {@link io.falcotcp.server.FalcoRequestException} with its status and a short, safe
 * message instead of proceeding: the method is not called and the client receives that status. Any other exception
 * (thrown, or failing the returned stage) is answered as the method's own would be: by the
 * {@code @FalcoExceptionHandler} methods of its class, the exception handlers and advice of the application, or as
 * a generic {@code HANDLER_ERROR}.
 * <p>
 * It runs on the thread the method runs on, inside the request's observation (which is current): the handler
 * executor for a blocking method, the connection's event loop for a {@code blocking = false} method and for an
 * asynchronous one. There it must not block. Work after the response belongs on the returned stage
 * ({@code chain.proceed(request).whenComplete(...)}), which every outcome reaches: code after {@code proceed}
 * returns runs when an asynchronous method has returned its stage, not when the stage completes.
 */
@FunctionalInterface
public interface FalcoServerInterceptor {

    /**
     * Intercepts a request.
     * @param request the request, routed to its method
     * @param chain the rest of the way; call {@code chain.proceed(request)} to let the request through
     * @return the stage of the response body, usually the one {@code proceed} returned or one derived from it
     * @throws Exception to answer the request as the failure is mapped, a
     * {@link io.falcotcp.server.FalcoRequestException} with its own status and message
     */
    CompletionStage<byte[]> intercept(FalcoServerRequest request, FalcoServerInterceptorChain chain) throws Exception;

}
