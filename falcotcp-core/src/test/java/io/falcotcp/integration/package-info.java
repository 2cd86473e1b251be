/**
 * End-to-end tests of the project's client against the project's server.
 */
@NullMarked
package io.falcotcp.integration;

import org.jspecify.annotations.NullMarked;
