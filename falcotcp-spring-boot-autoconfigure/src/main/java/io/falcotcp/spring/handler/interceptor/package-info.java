/**
 * {@link io.falcotcp.spring.handler.interceptor.FalcoServerInterceptor}: beans that run around every request that
 * reaches a {@code @FalcoHandler} method, for logging context, auditing, timing and per-route authorization.
 */
@NullMarked
package io.falcotcp.spring.handler.interceptor;

import org.jspecify.annotations.NullMarked;
