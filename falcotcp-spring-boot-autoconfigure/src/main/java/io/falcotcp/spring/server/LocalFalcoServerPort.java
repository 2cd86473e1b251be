package io.falcotcp.spring.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the port the FalcoTCP server bound ({@code local.falco.server.port}), typically in a test of an
 * application started with {@code falco.server.port=0}. The property exists once the server listens, so inject it
 * where the context has started, such as a {@code @SpringBootTest} class.
 *
 * @see FalcoServerPortInfoApplicationContextInitializer
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${" + FalcoServerPortInfoApplicationContextInitializer.PROPERTY_NAME + "}")
public @interface LocalFalcoServerPort {

}
