/**
 * Test support for applications that use the FalcoTCP starter: the transport between the application's
 * {@code FalcoClient}s and its own FalcoTCP server in tests.
 */
@NullMarked
package io.falcotcp.spring.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
