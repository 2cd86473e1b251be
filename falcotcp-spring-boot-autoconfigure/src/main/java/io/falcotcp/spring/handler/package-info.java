/**
 * Annotated request handlers: {@link io.falcotcp.spring.handler.FalcoHandler} methods, found once at start-up and
 * dispatched by route, and the {@link io.falcotcp.spring.handler.FalcoExceptionHandler} methods of their classes
 * and of {@link io.falcotcp.spring.handler.FalcoAdvice} beans, which answer their failures.
 */
@NullMarked
package io.falcotcp.spring.handler;

import org.jspecify.annotations.NullMarked;
