/**
 * {@link io.falcotcp.spring.handler.exception.FalcoExceptionHandler}: beans that turn the failures of handler
 * methods into the statuses clients receive.
 */
@NullMarked
package io.falcotcp.spring.handler.exception;

import org.jspecify.annotations.NullMarked;
