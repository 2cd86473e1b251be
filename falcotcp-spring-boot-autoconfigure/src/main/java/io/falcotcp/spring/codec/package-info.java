/**
 * Conversion of request and response bodies between bytes and Java types, shared by handlers and clients.
 */
@NullMarked
package io.falcotcp.spring.codec;

import org.jspecify.annotations.NullMarked;
