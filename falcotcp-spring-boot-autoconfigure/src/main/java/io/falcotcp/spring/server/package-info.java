/**
 * The FalcoTCP server in a Spring application context: its lifecycle and events.
 */
@NullMarked
package io.falcotcp.spring.server;

import org.jspecify.annotations.NullMarked;
