/**
 * The FalcoTCP server: binding, the connection pipeline (handshake, lifetime, dispatch) and its limits and statistics.
 */
@NullMarked
package io.falcotcp.server;

import org.jspecify.annotations.NullMarked;
