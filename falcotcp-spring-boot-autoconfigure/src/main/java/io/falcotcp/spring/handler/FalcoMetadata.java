package io.falcotcp.spring.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link String} parameter of a {@link FalcoHandler} method to one entry of the request's metadata
 * ({@link io.falcotcp.server.RequestContext#metadata()}): {@code @FalcoMetadata("tenant") String tenant}. A required
 * entry that the request lacks is answered {@code BAD_REQUEST} without calling the method; an optional one is
 * {@code null}. Plain v1 requests and session clients without the metadata feature carry no metadata at all.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FalcoMetadata {

    /**
     * The metadata key: 1 to 64 characters of {@code a-z 0-9 - _ .}, checked at start-up.
     * @return the key
     */
    String value();

    /**
     * Whether the request must carry the entry.
     * @return {@code true} (the default) to answer a request without it {@code BAD_REQUEST}, {@code false} to pass
     *     {@code null}
     */
    boolean required() default true;

}
