/**
 * Choice of the Netty transport (io_uring, epoll, NIO, or the in-process local transport) and its event-loop groups and channel classes.
 */
@NullMarked
package io.falcotcp.transport;

import org.jspecify.annotations.NullMarked;
