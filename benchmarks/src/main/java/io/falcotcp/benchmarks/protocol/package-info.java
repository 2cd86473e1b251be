/**
 * JMH benchmarks of v1 frame encoding and decoding.
 */
@NullMarked
package io.falcotcp.benchmarks.protocol;

import org.jspecify.annotations.NullMarked;
