package io.falcotcp.server;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The application's handler, a {@link RequestHandler} or an {@link AsyncRequestHandler}, as the
 * {@link RequestInvoker}s call it: whether a request blocks, and the call itself, whose outcome goes to the
 * {@link HandlerCall}.
 */
abstract sealed class ApplicationHandler {

    static ApplicationHandler of(RequestHandler handler) {
        return new Synchronous(handler);
    }

    static ApplicationHandler of(AsyncRequestHandler handler) {
        return new Asynchronous(handler);
    }

    /**
     * Whether the handler may block on this request, so that it must run on the handler executor.
     * @param call the request, not yet handed to the handler
     * @return {@code true} for the handler executor, {@code false} for the event loop
     */
    abstract boolean blocks(HandlerCall call);

    /**
     * Calls the handler on this thread with the call's request; the call learns the outcome, at once or when the
     * handler's stage completes.
     * @param call the request
     */
    abstract void call(HandlerCall call);

    private static final class Synchronous extends ApplicationHandler {

        private final RequestHandler handler;

        Synchronous(RequestHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler must not be null");
        }

        @Override
        boolean blocks(HandlerCall call) {
            return this.handler.blocks(call.request(), call.context());
        }

        @Override
        void call(HandlerCall call) {
            byte[] result;
            try {
                result = this.handler.handle(call.takeRequest(), call.context());
            }
            catch (Throwable ex) {
                call.failed(ex);
                return;
            }
            call.succeeded(result);
        }

    }

    private static final class Asynchronous extends ApplicationHandler {

        private final AsyncRequestHandler handler;

        Asynchronous(AsyncRequestHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler must not be null");
        }

        @Override
        boolean blocks(HandlerCall call) {
            return this.handler.blocks(call.request(), call.context());
        }

        @Override
        void call(HandlerCall call) {
            CompletionStage<byte[]> stage;
            try {
                stage = this.handler.handle(call.takeRequest(), call.context());
            }
            catch (Throwable ex) {
                call.failed(ex);
                return;
            }
            call.completeWith(stage);
        }

    }

}
