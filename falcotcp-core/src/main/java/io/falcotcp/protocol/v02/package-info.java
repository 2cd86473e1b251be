/**
 * The FalcoTCP 0.2 framing of the Rust io_uring crate: {@code size: u64 LE ‖ compression: u8} frames with an
 * AES-256-GCM payload, compressed before it is sealed; a second wire format next to protocol v1.
 */
@NullMarked
package io.falcotcp.protocol.v02;

import org.jspecify.annotations.NullMarked;
