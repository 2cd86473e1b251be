package io.falcotcp.spring.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.falcotcp.protocol.RequestStatus;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method that answers the failures of {@link FalcoHandler @FalcoHandler} methods: on the handler's own class
 * (asked first) or on a {@link FalcoAdvice @FalcoAdvice} bean. It maps the exception types it names, or the type of
 * its exception parameter, and their subclasses; the method mapped to the closest type wins.
 * <p>
 * Parameters, in any order: optionally the exception (a type that every mapped type is assignable to) and the
 * {@link io.falcotcp.server.RequestContext}. Return values: {@code void} (answers {@link #status()} with
 * {@link #message()}), {@link String} (the message, with {@link #status()}), or a
 * {@link io.falcotcp.server.FalcoRequestException} that carries both ({@code null}: not handled, the next handler is
 * asked). Messages go to the client: keep them short and safe. The method runs on the thread where the failure
 * surfaced, possibly an event loop: it must not block.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface FalcoExceptionHandler {

    /**
     * The exception types this method answers; empty for the type of its exception parameter.
     * @return the exception types
     */
    Class<? extends Throwable>[] value() default {};

    /**
     * The status to answer with, unless the method returns a {@code FalcoRequestException}; not
     * {@link RequestStatus#OK}.
     * @return the status
     */
    RequestStatus status() default RequestStatus.HANDLER_ERROR;

    /**
     * The message of a {@code void} method, or of a {@code String} method that returns {@code null}; empty for a
     * generic message of the status.
     * @return the message
     */
    String message() default "";

}
