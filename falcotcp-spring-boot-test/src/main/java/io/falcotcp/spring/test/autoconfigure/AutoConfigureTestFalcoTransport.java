package io.falcotcp.spring.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;
import org.springframework.boot.test.context.PropertyMapping.Skip;

/**
 * Applied to a test class (such as a {@code @SpringBootTest}), points the application's auto-configured
 * {@code FalcoClient}s, the default one and every {@code falco.client.targets.<name>}, at the application's own
 * FalcoTCP server, whatever host and port they are configured with: in-process by default (Netty's local transport
 * through the same pipeline, handshake and crypto included, with no socket), or over a socket on a free loopback
 * port. The clients keep their keys, modes and other settings.
 *
 * @see TestFalcoTransportAutoConfiguration
 * @see FalcoTestProperties
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureTestFalcoTransport {

    /**
     * How the clients reach the server; mapped to {@code falco.test.transport} when given, which otherwise
     * decides (default {@code in-process}).
     * @return the transport
     */
    @PropertyMapping(value = "falco.test.transport", skip = Skip.ON_DEFAULT_VALUE)
    FalcoTestProperties.Transport transport() default FalcoTestProperties.Transport.IN_PROCESS;

}
