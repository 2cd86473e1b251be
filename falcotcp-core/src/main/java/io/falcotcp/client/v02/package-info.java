/**
 * A client of the FalcoTCP 0.2 framing (the Rust io_uring crate), next to the v1 and session-mode client.
 */
@NullMarked
package io.falcotcp.client.v02;

import org.jspecify.annotations.NullMarked;
