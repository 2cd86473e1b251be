/**
 * What idle connections cost a FalcoTCP server: heap after GC and resident memory per authenticated connection,
 * measured in a server process of its own at several connection counts.
 */
@NullMarked
package io.falcotcp.benchmarks.idle;

import org.jspecify.annotations.NullMarked;
