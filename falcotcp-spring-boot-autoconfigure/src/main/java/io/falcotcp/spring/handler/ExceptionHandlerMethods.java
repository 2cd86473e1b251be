package io.falcotcp.spring.handler;

import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;
import org.springframework.util.ConcurrentReferenceHashMap;

/**
 * The {@link FalcoExceptionHandler @FalcoExceptionHandler} methods of one bean, found and checked once: a failure is
 * answered by the method mapped to its own class or, failing that, to its closest superclass. The choice per
 * exception class is remembered.
 */
final class ExceptionHandlerMethods implements io.falcotcp.spring.handler.exception.FalcoExceptionHandler {

    private final Object bean;

    private final Map<Class<? extends Throwable>, ExceptionHandlerMethod> methods;

    private final Map<Class<? extends Throwable>, Optional<ExceptionHandlerMethod>> chosen =
            new ConcurrentReferenceHashMap<>(16);

    private ExceptionHandlerMethods(Object bean, Map<Class<? extends Throwable>, ExceptionHandlerMethod> methods) {
        this.bean = bean;
        this.methods = methods;
    }

    /**
     * Finds and checks the exception handler methods of a bean.
     * @param bean the bean, possibly a proxy
     * @return its methods, {@linkplain #isEmpty() empty} when it declares none
     * @throws InvalidFalcoHandlerException when a method cannot be used or two map the same exception type,
     * naming the methods
     */
    static ExceptionHandlerMethods of(Object bean) {
        Map<Method, FalcoExceptionHandler> annotated = MethodIntrospector.selectMethods(
                ClassUtils.getUserClass(bean.getClass()),
                (MethodIntrospector.MetadataLookup<FalcoExceptionHandler>) (method) -> {
                    MergedAnnotation<FalcoExceptionHandler> annotation = MergedAnnotations
                        .from(method, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                        .get(FalcoExceptionHandler.class);
                    return annotation.isPresent() ? annotation.synthesize() : null;
                });
        Map<Class<? extends Throwable>, ExceptionHandlerMethod> methods = new HashMap<>();
        annotated.forEach((method, annotation) -> {
            ExceptionHandlerMethod handlerMethod = ExceptionHandlerMethod.create(bean,
                    AopUtils.selectInvocableMethod(method, bean.getClass()), annotation);
            for (Class<? extends Throwable> type : handlerMethod.exceptionTypes()) {
                ExceptionHandlerMethod existing = methods.put(type, handlerMethod);
                if (existing != null) {
                    throw new InvalidFalcoHandlerException("Two @FalcoExceptionHandler methods map "
                            + type.getSimpleName() + ": " + existing + " and " + handlerMethod
                            + "; keep one of them");
                }
            }
        });
        return new ExceptionHandlerMethods(bean, Map.copyOf(methods));
    }

    /**
     * Whether the bean declares no exception handler method.
     * @return {@code true} when there is none
     */
    boolean isEmpty() {
        return this.methods.isEmpty();
    }

    @Override
    public @Nullable FalcoRequestException handleException(Throwable exception, RequestContext context) {
        ExceptionHandlerMethod method = this.chosen.computeIfAbsent(exception.getClass(), this::closest).orElse(null);
        if (method == null) {
            return null;
        }
        try {
            return method.handle(exception, context);
        }
        catch (Exception ex) {
            throw new IllegalStateException(method + " failed", ex);
        }
    }

    @Override
    public String toString() {
        return "the @FalcoExceptionHandler methods of " + ClassUtils.getUserClass(this.bean.getClass()).getSimpleName();
    }

    private Optional<ExceptionHandlerMethod> closest(Class<? extends Throwable> exceptionType) {
        Comparator<Class<? extends Throwable>> closestFirst = new ExceptionDepthComparator(exceptionType);
        return this.methods.keySet()
            .stream()
            .filter((type) -> type.isAssignableFrom(exceptionType))
            .min(closestFirst)
            .map(this.methods::get);
    }

}
