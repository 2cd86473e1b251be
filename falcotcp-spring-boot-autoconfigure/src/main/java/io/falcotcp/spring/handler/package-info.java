/**
 * Annotated request handlers: {@link io.falcotcp.spring.handler.FalcoHandler} methods, found once at start-up and
 * dispatched by route.
 */
@NullMarked
package io.falcotcp.spring.handler;

import org.jspecify.annotations.NullMarked;
