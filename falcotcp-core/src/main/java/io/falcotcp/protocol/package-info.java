/**
 * FalcoTCP wire formats: frame constants, frames and the codecs between bytes and frames.
 */
@NullMarked
package io.falcotcp.protocol;

import org.jspecify.annotations.NullMarked;
