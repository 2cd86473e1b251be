/**
 * JMH benchmarks of the AES-GCM engines on the server's buffer path.
 */
@NullMarked
package io.falcotcp.benchmarks.crypto;

import org.jspecify.annotations.NullMarked;
