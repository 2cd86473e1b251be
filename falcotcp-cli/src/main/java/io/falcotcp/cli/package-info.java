/**
 * The {@code falcotcp} command line: {@code keygen}, {@code call}, {@code ping} and {@code bench}.
 */
@NullMarked
package io.falcotcp.cli;

import org.jspecify.annotations.NullMarked;
