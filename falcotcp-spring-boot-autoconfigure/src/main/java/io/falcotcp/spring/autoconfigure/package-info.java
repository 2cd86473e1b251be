/**
 * Auto-configuration of FalcoTCP and its configuration properties.
 */
@NullMarked
package io.falcotcp.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
