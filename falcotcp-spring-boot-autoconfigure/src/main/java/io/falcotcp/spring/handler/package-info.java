/**
 * Annotated request handlers: {@link io.falcotcp.spring.handler.FalcoHandler} methods, found once at start-up, kept
 * by route in the {@link io.falcotcp.spring.handler.FalcoHandlerRegistry} and dispatched by the
 * {@link io.falcotcp.spring.handler.FalcoHandlerRouter} through the server interceptors; the
 * {@link io.falcotcp.spring.handler.FalcoExceptionHandler} methods of their classes and of
 * {@link io.falcotcp.spring.handler.FalcoAdvice} beans, which answer their failures; and the observation of every
 * request, {@link io.falcotcp.spring.handler.ServerRequestObservation}.
 */
@NullMarked
package io.falcotcp.spring.handler;

import org.jspecify.annotations.NullMarked;
