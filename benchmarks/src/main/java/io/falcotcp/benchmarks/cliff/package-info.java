/**
 * The JIT cliff of large messages: how a fresh server and client serve 1 MiB requests after small ones only.
 */
@NullMarked
package io.falcotcp.benchmarks.cliff;

import org.jspecify.annotations.NullMarked;
