/**
 * JMH benchmarks of v1 frame encoding and decoding, and of session frame sealing and opening.
 */
@NullMarked
package io.falcotcp.benchmarks.protocol;

import org.jspecify.annotations.NullMarked;
