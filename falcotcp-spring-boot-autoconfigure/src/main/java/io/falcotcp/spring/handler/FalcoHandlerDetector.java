package io.falcotcp.spring.handler;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;

import io.falcotcp.spring.codec.PayloadCodecs;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link FalcoHandler} methods of every singleton bean once all singletons exist, and registers them, ready
 * to call, with the {@link FalcoHandlerRegistry}; a bad signature or a duplicate route fails start-up.
 */
public class FalcoHandlerDetector implements SmartInitializingSingleton {

    private final FalcoHandlerRegistry registry;

    private final PayloadCodecs codecs;

    private final ListableBeanFactory beanFactory;

    /**
     * Creates a detector.
     * @param beanFactory the beans to search
     * @param registry where the methods are registered
     * @param codecs the codecs of request and response bodies
     */
    public FalcoHandlerDetector(ListableBeanFactory beanFactory, FalcoHandlerRegistry registry, PayloadCodecs codecs) {
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory must not be null");
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.codecs = Objects.requireNonNull(codecs, "codecs must not be null");
    }

    @Override
    public void afterSingletonsInstantiated() {
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
            methods.forEach((method, annotation) -> this.registry.register(FalcoHandlerMethod.create(bean,
                    AopUtils.selectInvocableMethod(method, bean.getClass()), annotation.route(),
                    annotation.blocking(), this.codecs)));
        }
    }

    /**
     * The {@link FalcoHandler} methods of a bean type, also used to decide at start-up whether a server is needed.
     * @param type the bean type, possibly a proxy class
     * @return the methods and their annotations, empty when there are none
     */
    public static Map<Method, FalcoHandler> findHandlerMethods(Class<?> type) {
        return MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
                (MethodIntrospector.MetadataLookup<FalcoHandler>) (method) -> AnnotatedElementUtils
                    .findMergedAnnotation(method, FalcoHandler.class));
    }

}
