package io.falcotcp.spring.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Marks a bean whose {@link FalcoExceptionHandler @FalcoExceptionHandler} methods answer the failures of every
 * {@link FalcoHandler @FalcoHandler} method of the application, after the handler's own class. Several advice beans
 * are asked in their order ({@code @Order} on the class or on the {@code @Bean} method), together with the
 * {@link io.falcotcp.spring.handler.exception.FalcoExceptionHandler} beans.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface FalcoAdvice {

}
