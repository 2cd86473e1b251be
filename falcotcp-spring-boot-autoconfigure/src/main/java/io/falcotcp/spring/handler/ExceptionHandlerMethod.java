package io.falcotcp.spring.handler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/**
 * One {@link FalcoExceptionHandler @FalcoExceptionHandler} method, checked and ready to call: the exception types it
 * maps, how its arguments are made and how its result becomes an answer are decided once, when it is created.
 */
final class ExceptionHandlerMethod {

    private final Object bean;

    private final Method method;

    private final List<Class<? extends Throwable>> exceptionTypes;

    private final Argument[] arguments;

    private final Answer answer;

    private final String description;

    private ExceptionHandlerMethod(Object bean, Method method, List<Class<? extends Throwable>> exceptionTypes,
            Argument[] arguments, Answer answer) {
        this.bean = bean;
        this.method = method;
        this.exceptionTypes = exceptionTypes;
        this.arguments = arguments;
        this.answer = answer;
        this.description = FalcoHandlerMethod.describe(method);
    }

    /**
     * Checks a method's signature and prepares its invocation.
     * @param bean the bean the method is called on
     * @param method the method, invocable on the bean
     * @param annotation its annotation
     * @return the method
     * @throws InvalidFalcoHandlerException when the signature is not supported, naming the method
     */
    static ExceptionHandlerMethod create(Object bean, Method method, FalcoExceptionHandler annotation) {
        Argument[] arguments = new Argument[method.getParameterCount()];
        Class<?> exceptionParameter = null;
        boolean context = false;
        Class<?>[] parameterTypes = method.getParameterTypes();
        for (int i = 0; i < arguments.length; i++) {
            Class<?> type = parameterTypes[i];
            if (Throwable.class.isAssignableFrom(type) && exceptionParameter == null) {
                exceptionParameter = type;
                arguments[i] = (exception, requestContext) -> exception;
            }
            else if (RequestContext.class == type && !context) {
                context = true;
                arguments[i] = (exception, requestContext) -> requestContext;
            }
            else {
                throw invalid(method, "has a parameter of type " + type.getSimpleName() + "; declare at most the "
                        + "exception and a RequestContext");
            }
        }
        List<Class<? extends Throwable>> exceptionTypes = exceptionTypes(method, annotation, exceptionParameter);
        if (annotation.status() == RequestStatus.OK) {
            throw invalid(method, "declares status OK; a failure is answered with another status");
        }
        ReflectionUtils.makeAccessible(method);
        return new ExceptionHandlerMethod(bean, method, exceptionTypes, arguments, answer(method, annotation));
    }

    /**
     * The exception types this method maps, subclasses included.
     * @return the types
     */
    List<Class<? extends Throwable>> exceptionTypes() {
        return this.exceptionTypes;
    }

    /**
     * Calls the method for a failure.
     * @param exception the failure, an instance of one of the mapped types
     * @param context the request's context
     * @return the answer, or {@code null} when a method returning {@code FalcoRequestException} returned
     * {@code null}
     * @throws Exception as thrown by the method
     */
    @Nullable FalcoRequestException handle(Throwable exception, RequestContext context) throws Exception {
        Object[] args = new Object[this.arguments.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = this.arguments[i].resolve(exception, context);
        }
        Object result;
        try {
            result = this.method.invoke(this.bean, args);
        }
        catch (InvocationTargetException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw (cause instanceof Exception failure) ? failure : ex;
        }
        return this.answer.of(result);
    }

    @Override
    public String toString() {
        return this.description;
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>> exceptionTypes(Method method, FalcoExceptionHandler annotation,
            @Nullable Class<?> exceptionParameter) {
        if (annotation.value().length == 0) {
            if (exceptionParameter == null) {
                throw invalid(method, "maps no exception type; name the types, @FalcoExceptionHandler("
                        + "OrderNotFoundException.class), or declare the exception as a parameter");
            }
            return List.of((Class<? extends Throwable>) exceptionParameter);
        }
        List<Class<? extends Throwable>> types = new ArrayList<>(Arrays.asList(annotation.value()));
        for (Class<? extends Throwable> type : types) {
            if (exceptionParameter != null && !exceptionParameter.isAssignableFrom(type)) {
                throw invalid(method, "maps " + type.getSimpleName() + ", which its parameter of type "
                        + exceptionParameter.getSimpleName() + " cannot receive");
            }
        }
        return List.copyOf(types);
    }

    private static Answer answer(Method method, FalcoExceptionHandler annotation) {
        RequestStatus status = annotation.status();
        String message = annotation.message().isEmpty() ? genericMessage(status) : annotation.message();
        Class<?> returnType = method.getReturnType();
        if (returnType == void.class) {
            return (result) -> new FalcoRequestException(status, message);
        }
        if (returnType == String.class) {
            return (result) -> new FalcoRequestException(status, (result != null) ? (String) result : message);
        }
        if (FalcoRequestException.class.isAssignableFrom(returnType)) {
            if (status != RequestStatus.HANDLER_ERROR || !annotation.message().isEmpty()) {
                throw invalid(method, "returns " + returnType.getSimpleName() + ", which carries its own status "
                        + "and message: remove status and message from @FalcoExceptionHandler");
            }
            return (result) -> (FalcoRequestException) result;
        }
        throw invalid(method, "returns " + returnType.getSimpleName() + "; return void, String (the message) or a "
                + "FalcoRequestException");
    }

    private static String genericMessage(RequestStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad request";
            case UNKNOWN_ROUTE -> "unknown route";
            case OVERLOADED -> "overloaded, retry later";
            default -> "the handler failed";
        };
    }

    private static InvalidFalcoHandlerException invalid(Method method, String reason) {
        return new InvalidFalcoHandlerException("@FalcoExceptionHandler method " + FalcoHandlerMethod.describe(method)
                + " " + reason);
    }

    /**
     * Produces one argument of the method.
     */
    @FunctionalInterface
    private interface Argument {

        Object resolve(Throwable exception, RequestContext context);

    }

    /**
     * Turns the method's result into the answer.
     */
    @FunctionalInterface
    private interface Answer {

        @Nullable FalcoRequestException of(@Nullable Object result);

    }

}
