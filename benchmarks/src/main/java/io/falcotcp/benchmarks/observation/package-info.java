/**
 * JMH benchmarks of what the Spring layer adds per request: its observations and their meters.
 */
@NullMarked
package io.falcotcp.benchmarks.observation;

import org.jspecify.annotations.NullMarked;
