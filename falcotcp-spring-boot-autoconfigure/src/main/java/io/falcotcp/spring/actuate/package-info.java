/**
 * Health indicators and metrics of FalcoTCP servers and clients, for Spring Boot's actuator and Micrometer.
 */
@NullMarked
package io.falcotcp.spring.actuate;

import org.jspecify.annotations.NullMarked;
