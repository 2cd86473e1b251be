package io.falcotcp.spring.handler;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.falcotcp.protocol.SessionCodec;
import io.falcotcp.spring.codec.PayloadCodecs;
import io.falcotcp.spring.handler.exception.FalcoExceptionHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;

/**
 * Finds the {@link FalcoHandler} methods of every singleton bean once all singletons exist, and registers them, ready
 * to call, with the {@link FalcoHandlerRegistry}; a bad signature or a duplicate route fails start-up.
 * <p>
 * Routes: {@code ${…}} placeholders are resolved with the environment; a {@code @FalcoHandler("prefix")} on the
 * bean's class (or a superclass or interface) prefixes the routes of its methods as {@code prefix + "." + route}, and
 * a method without a route answers the prefix itself. Failures: each method's own class is asked first (its
 * {@link io.falcotcp.spring.handler.FalcoExceptionHandler @FalcoExceptionHandler} methods), then the
 * {@link FalcoExceptionHandler} beans and {@link FalcoAdvice @FalcoAdvice} beans in their order.
 */
public class FalcoHandlerDetector implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beanFactory;

    private final Environment environment;

    private final FalcoHandlerRegistry registry;

    private final PayloadCodecs codecs;

    private final @Nullable Validator validator;

    /**
     * Creates a detector.
     * @param beanFactory the beans to search
     * @param environment resolves placeholders in routes
     * @param registry where the methods are registered
     * @param codecs the codecs of request and response bodies
     * @param validator validates {@code @Valid} bodies; {@code null} when the application has no Bean Validation
     * provider, and then a {@code @Valid} body fails start-up
     */
    public FalcoHandlerDetector(ConfigurableListableBeanFactory beanFactory, Environment environment,
            FalcoHandlerRegistry registry, PayloadCodecs codecs, @Nullable Validator validator) {
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory must not be null");
        this.environment = Objects.requireNonNull(environment, "environment must not be null");
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.codecs = Objects.requireNonNull(codecs, "codecs must not be null");
        this.validator = validator;
    }

    @Override
    public void afterSingletonsInstantiated() {
        FalcoHandlerExceptionResolver applicationResolver = new FalcoHandlerExceptionResolver(exceptionHandlers());
        for (String name : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
            if (ScopedProxyUtils.isScopedTarget(name)) {
                continue;
            }
            Class<?> type = this.beanFactory.getType(name);
            if (type == null) {
                continue;
            }
            Map<Method, FalcoHandler> methods = findHandlerMethods(type);
            if (methods.isEmpty()) {
                continue;
            }
            Object bean = this.beanFactory.getBean(name);
            ExceptionHandlerMethods own = ExceptionHandlerMethods.of(bean);
            FalcoHandlerExceptionResolver resolver = own.isEmpty() ? applicationResolver
                    : applicationResolver.askingFirst(own);
            String prefix = routePrefix(ClassUtils.getUserClass(type));
            methods.forEach((method, annotation) -> this.registry.register(FalcoHandlerMethod.create(bean,
                    AopUtils.selectInvocableMethod(method, bean.getClass()), route(prefix, annotation, method),
                    annotation.blocking(), this.codecs, this.validator, resolver)));
        }
    }

    /**
     * The {@link FalcoHandler} methods of a bean type, also used to decide at start-up whether a server is needed.
     * The annotation may be present directly or as the meta-annotation of a composed one.
     * @param type the bean type, possibly a proxy class
     * @return the methods and their annotations, empty when there are none
     */
    public static Map<Method, FalcoHandler> findHandlerMethods(Class<?> type) {
        return MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
                (MethodIntrospector.MetadataLookup<FalcoHandler>) (method) -> {
                    MergedAnnotation<FalcoHandler> annotation = MergedAnnotations
                        .from(method, SearchStrategy.TYPE_HIERARCHY)
                        .get(FalcoHandler.class);
                    return annotation.isPresent() ? annotation.synthesize() : null;
                });
    }

    /**
     * The {@link FalcoExceptionHandler} beans and the {@link FalcoAdvice} beans, in their order, as Spring orders
     * beans: {@code @Order} on the {@code @Bean} method, else {@code Ordered}, else {@code @Order} on the class.
     */
    private List<FalcoExceptionHandler> exceptionHandlers() {
        Map<Object, Object[]> orderSources = new IdentityHashMap<>();
        List<FalcoExceptionHandler> handlers = new ArrayList<>();
        for (String name : this.beanFactory.getBeanNamesForType(FalcoExceptionHandler.class, true, false)) {
            FalcoExceptionHandler handler = this.beanFactory.getBean(name, FalcoExceptionHandler.class);
            orderSources.put(handler, orderSources(name, handler));
            handlers.add(handler);
        }
        for (String name : this.beanFactory.getBeanNamesForAnnotation(FalcoAdvice.class)) {
            if (ScopedProxyUtils.isScopedTarget(name)) {
                continue;
            }
            Object bean = this.beanFactory.getBean(name);
            ExceptionHandlerMethods advice = ExceptionHandlerMethods.of(bean);
            if (!advice.isEmpty()) {
                orderSources.put(advice, orderSources(name, bean));
                handlers.add(advice);
            }
        }
        handlers.sort(AnnotationAwareOrderComparator.INSTANCE.withSourceProvider(orderSources::get));
        return handlers;
    }

    private Object[] orderSources(String name, Object bean) {
        BeanDefinition definition = this.beanFactory.containsBeanDefinition(name)
                ? this.beanFactory.getMergedBeanDefinition(name) : null;
        Method factoryMethod = (definition instanceof RootBeanDefinition root) ? root.getResolvedFactoryMethod()
                : null;
        return (factoryMethod != null) ? new Object[] { factoryMethod, bean } : new Object[] { bean };
    }

    private String routePrefix(Class<?> type) {
        MergedAnnotation<FalcoHandler> annotation = MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY)
            .get(FalcoHandler.class);
        if (!annotation.isPresent()) {
            return "";
        }
        if (!annotation.getBoolean("blocking")) {
            throw new InvalidFalcoHandlerException("@FalcoHandler on class " + type.getSimpleName() + " declares "
                    + "blocking = false, which applies to methods only: declare it on each method");
        }
        String prefix = annotation.getString("route");
        return resolve(prefix, () -> "class " + type.getSimpleName());
    }

    private String route(String prefix, FalcoHandler annotation, Method method) {
        String route = resolve(annotation.route(), () -> "method " + FalcoHandlerMethod.describe(method));
        String joined = prefix.isEmpty() ? route : route.isEmpty() ? prefix : prefix + "." + route;
        int length = joined.getBytes(StandardCharsets.UTF_8).length;
        if (length > SessionCodec.MAX_ROUTE_LENGTH) {
            throw new InvalidFalcoHandlerException("@FalcoHandler method " + FalcoHandlerMethod.describe(method)
                    + " has route '" + joined + "' of " + length + " bytes; a route is at most "
                    + SessionCodec.MAX_ROUTE_LENGTH + " bytes of UTF-8");
        }
        return joined;
    }

    private String resolve(String route, Supplier<String> where) {
        try {
            return this.environment.resolveRequiredPlaceholders(route);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidFalcoHandlerException("@FalcoHandler on " + where.get() + " has route '" + route
                    + "', which cannot be resolved: " + ex.getMessage() + "; set the property, or give a default "
                    + "as in ${name:default}");
        }
    }

}
