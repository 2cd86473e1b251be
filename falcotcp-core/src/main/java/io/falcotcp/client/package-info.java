/**
 * The FalcoTCP client: connections, pooling, keep-alive, reconnection and its exceptions.
 */
@NullMarked
package io.falcotcp.client;

import org.jspecify.annotations.NullMarked;
