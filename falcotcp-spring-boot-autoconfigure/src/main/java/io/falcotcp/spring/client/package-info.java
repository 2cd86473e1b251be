/**
 * The {@link io.falcotcp.spring.client.FalcoClient} template for calling FalcoTCP servers from Spring applications.
 */
@NullMarked
package io.falcotcp.spring.client;

import org.jspecify.annotations.NullMarked;
