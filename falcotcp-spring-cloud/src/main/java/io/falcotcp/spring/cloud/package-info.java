/**
 * FalcoTCP client targets whose servers are the instances Spring Cloud discovery lists for a service id.
 */
@NullMarked
package io.falcotcp.spring.cloud;

import org.jspecify.annotations.NullMarked;
