package io.falcotcp.spring.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a Spring bean as a FalcoTCP request handler. Without a route it is the default handler, which
 * every plain v1 client reaches; {@code @FalcoHandler("orders.create")} answers the requests that name that route.
 * Routes may hold {@code ${…}} placeholders, resolved with the environment at start-up.
 * <p>
 * On a class, only the route counts: it prefixes the routes of the class's methods, joined with a dot
 * ({@code "orders"} and {@code "create"} give {@code "orders.create"}), and a method without a route answers the
 * prefix itself. It may also be used as a meta-annotation, on a composed annotation of the application's own.
 * <p>
 * Parameters: at most one body, as {@code byte[]}, {@link java.nio.ByteBuffer}, {@link String} (UTF-8) or any other
 * type read as JSON (validated when annotated {@code @Valid} or {@code @Validated}, a violation answered
 * {@code BAD_REQUEST}), and optionally the {@link io.falcotcp.server.RequestContext}. Return values: the same body
 * types, {@code void} for the empty response, or a {@link java.util.concurrent.CompletionStage} of them.
 * <p>
 * Where it runs: a synchronous method runs on the server's handler executor (it may block), unless it is declared
 * {@code blocking = false}, which runs it on the connection's event loop without a thread hop; a method that returns
 * a {@code CompletionStage} is invoked on the event loop and no thread waits for its stage.
 * <p>
 * Spring AOT registers the method for reflective invocation and its body and result types for JSON binding
 * ({@link FalcoHandlerReflectiveProcessor}).
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(FalcoHandlerReflectiveProcessor.class)
public @interface FalcoHandler {

    /**
     * Alias for {@link #route()}.
     * @return the route
     */
    @AliasFor("route")
    String value() default "";

    /**
     * The route this method answers, empty for the default handler; on a class, the prefix of its methods' routes.
     * @return the route
     */
    @AliasFor("value")
    String route() default "";

    /**
     * Whether this synchronous method may block (database or HTTP calls, locks, sleeps): {@code true}, the default,
     * runs it on the handler executor; {@code false} runs it on the connection's event loop, where it must never
     * block, because every other connection of that loop waits meanwhile. Methods that return a
     * {@code CompletionStage} are always invoked on the event loop, whatever this says: they must return their
     * stage without blocking.
     * @return {@code false} for a method that never blocks
     */
    boolean blocking() default true;

}
