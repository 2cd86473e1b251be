/**
 * The load generator: closed-loop echo load against FalcoTCP servers, in this process or already running, with
 * latency percentiles and throughput per run.
 */
@NullMarked
package io.falcotcp.benchmarks.load;

import org.jspecify.annotations.NullMarked;
