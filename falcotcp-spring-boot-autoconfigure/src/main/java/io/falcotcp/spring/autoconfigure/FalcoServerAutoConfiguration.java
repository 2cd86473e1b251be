package io.falcotcp.spring.autoconfigure;

import io.falcotcp.server.AsyncRequestHandler;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.spring.codec.PayloadCodecs;
import io.falcotcp.spring.handler.FalcoHandler;
import io.falcotcp.spring.handler.FalcoHandlerDetector;
import io.falcotcp.spring.handler.FalcoHandlerRegistry;
import io.falcotcp.spring.handler.FalcoHandlerRouter;
import io.falcotcp.spring.handler.FalcoServerObservationConvention;
import io.falcotcp.spring.handler.ServerRequestObservation;
import io.falcotcp.spring.handler.interceptor.FalcoServerInterceptor;
import io.falcotcp.spring.server.FalcoServerLifecycle;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.context.annotation.Import;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Auto-configuration of the FalcoTCP server: a {@link FalcoServer} built from {@code falco.server.*} that serves the
 * application's {@link FalcoHandler} methods through its {@link FalcoServerInterceptor} beans (or its own
 * {@link RequestHandler} or {@link AsyncRequestHandler} bean), each request observed as
 * {@value ServerRequestObservation#NAME} whichever handler answers, started and stopped with the context. It applies
 * when the application has either, or sets {@code falco.server.enabled=true}.
 */
@AutoConfiguration(after = FalcoCodecAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(FalcoServer.class)
@ConditionalOnBooleanProperty(name = "falco.server.enabled", matchIfMissing = true)
@Conditional(OnFalcoServerCondition.class)
@EnableConfigurationProperties(FalcoServerProperties.class)
@Import(FalcoKeyFileWatcherConfiguration.class)
public final class FalcoServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean({ RequestHandler.class, AsyncRequestHandler.class })
    FalcoHandlerRegistry falcoHandlerRegistry() {
        return new FalcoHandlerRegistry();
    }

    @Bean
    @ConditionalOnBean(FalcoHandlerRegistry.class)
    FalcoHandlerDetector falcoHandlerDetector(ConfigurableListableBeanFactory beanFactory, Environment environment,
            FalcoHandlerRegistry registry, PayloadCodecs codecs) {
        return new FalcoHandlerDetector(beanFactory, environment, registry, codecs, bodyValidator(beanFactory));
    }

    /**
     * The validator of {@code @Valid} bodies: the application's Bean Validation {@code Validator} (Spring Boot's
     * {@code defaultValidator} when a provider such as Hibernate Validator is on the class path), or none.
     */
    private static @Nullable Validator bodyValidator(ConfigurableListableBeanFactory beanFactory) {
        return ClassUtils.isPresent("jakarta.validation.Validator", beanFactory.getBeanClassLoader())
                ? BeanValidation.validator(beanFactory) : null;
    }

    // ordered first, so that customizers of the application (unordered, hence last) can set another executor
    @Bean
    @ConditionalOnThreading(Threading.VIRTUAL)
    @Order(0)
    FalcoServerCustomizer falcoVirtualThreadsCustomizer() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("falcotcp-handler-");
        executor.setVirtualThreads(true);
        return (builder) -> builder.handlerExecutor(executor);
    }

    @Bean
    @ConditionalOnMissingBean
    FalcoServer falcoServer(FalcoServerProperties properties, ObjectProvider<RequestHandler> handler,
            ObjectProvider<AsyncRequestHandler> asyncHandler, ObjectProvider<FalcoHandlerRegistry> registry,
            ObjectProvider<FalcoServerInterceptor> interceptors, ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<FalcoServerCustomizer> customizers, FalcoKeyFileWatcher keyFileWatcher,
            ObjectProvider<FalcoServerObservationConvention> observationConvention) {
        FalcoServer.Builder builder = FalcoServer.builder()
            .keys(KeyResolver.resolveAll("falco.server", properties.getKey(), properties.getKeyFile(),
                    properties.getPreviousKeys()));
        ServerPropertiesMapper.map(properties, builder);
        // the @FalcoHandler methods answer unless the application has a handler of its own; either is observed here,
        // so that replacing the handler keeps the observations
        ObservationRegistry observationRegistry = properties.getObservation().isEnabled()
                ? observations.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
        FalcoServerObservationConvention convention = observationConvention.getIfUnique();
        RequestHandler requestHandler = handler.getIfAvailable();
        AsyncRequestHandler asyncRequestHandler = asyncHandler.getIfAvailable();
        FalcoHandlerRegistry handlerMethods = registry.getIfAvailable();
        if (requestHandler != null) {
            builder.handler(ServerRequestObservation.observe(requestHandler, observationRegistry, (route) -> false,
                    convention));
        }
        if (asyncRequestHandler != null) {
            builder.asyncHandler(ServerRequestObservation.observe(asyncRequestHandler, observationRegistry,
                    (route) -> false, convention));
        }
        if (requestHandler == null && asyncRequestHandler == null && handlerMethods != null) {
            FalcoHandlerRouter router = new FalcoHandlerRouter(handlerMethods, interceptors.orderedStream().toList());
            builder.asyncHandler(ServerRequestObservation.observe(router, observationRegistry,
                    (route) -> handlerMethods.find(route) != null, convention));
        }
        customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
        FalcoServer server = builder.build();
        Resource keyFile = properties.getKeyFile();
        if (properties.isReloadKeyFile() && keyFile != null) {
            keyFileWatcher.watch("falco.server.key-file", keyFile, (file) -> server.replaceKeys(
                    KeyResolver.resolveAll("falco.server", null, file, properties.getPreviousKeys())));
        }
        return server;
    }

    @Bean
    @ConditionalOnMissingBean
    FalcoServerLifecycle falcoServerLifecycle(FalcoServer falcoServer, ApplicationEventPublisher eventPublisher) {
        return new FalcoServerLifecycle(falcoServer, eventPublisher);
    }

    /**
     * Refers to Bean Validation's types, so that it is loaded only when they are on the class path.
     */
    private static final class BeanValidation {

        static @Nullable Validator validator(ConfigurableListableBeanFactory beanFactory) {
            jakarta.validation.Validator validator = beanFactory.getBeanProvider(jakarta.validation.Validator.class)
                .getIfUnique();
            if (validator == null) {
                return null;
            }
            return (validator instanceof Validator springValidator) ? springValidator
                    : new SpringValidatorAdapter(validator);
        }

    }

}
