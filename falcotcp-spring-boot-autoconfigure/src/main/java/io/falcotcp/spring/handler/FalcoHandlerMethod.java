package io.falcotcp.spring.handler;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import io.falcotcp.protocol.Metadata;
import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import io.falcotcp.spring.codec.PayloadCodec;
import io.falcotcp.spring.codec.PayloadCodecs;
import io.falcotcp.spring.codec.PayloadDecodingException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.AbstractBindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

/**
 * One {@link FalcoHandler} method, ready to call: its argument decoders and result encoder are chosen once, when it
 * is created, so a request costs no reflection lookup. A method that returns a {@link CompletionStage} is
 * asynchronous: {@link #invokeAsync} returns the stage of its encoded result, and nothing waits for it.
 */
public final class FalcoHandlerMethod {

    private static final byte[] EMPTY = new byte[0];

    private final Object bean;

    private final Method method;

    private final String route;

    private final Argument[] arguments;

    /** {@code null} for a {@code void} method, which answers with the empty body. */
    private final @Nullable PayloadCodec<@Nullable Object> resultCodec;

    private final boolean async;

    private final boolean blocking;

    private final FalcoHandlerExceptionResolver exceptionResolver;

    private final String description;

    private FalcoHandlerMethod(Object bean, Method method, String route, Argument[] arguments,
            @Nullable PayloadCodec<@Nullable Object> resultCodec, boolean async, boolean blocking,
            FalcoHandlerExceptionResolver exceptionResolver) {
        this.bean = bean;
        this.method = method;
        this.route = route;
        this.arguments = arguments;
        this.resultCodec = resultCodec;
        this.async = async;
        this.blocking = blocking;
        this.exceptionResolver = exceptionResolver;
        this.description = describe(method);
    }

    /**
     * Checks a method's signature and prepares its invocation.
     * @param bean the bean the method is called on
     * @param method the method, invocable on the bean
     * @param route the route it answers, empty for the default handler
     * @param blocking whether the method may block, as {@link FalcoHandler#blocking()} declares; ignored for an
     * asynchronous method, which never runs on the handler executor
     * @param codecs the codecs of bodies
     * @param validator validates a body parameter annotated {@code @Valid} or {@code @Validated}; {@code null}
     * when the application has none, and then such a parameter fails
     * @param exceptionResolver answers the method's failures
     * @return the handler method
     * @throws InvalidFalcoHandlerException when the signature is not supported, naming the method
     */
    public static FalcoHandlerMethod create(Object bean, Method method, String route, boolean blocking,
            PayloadCodecs codecs, @Nullable Validator validator, FalcoHandlerExceptionResolver exceptionResolver) {
        Objects.requireNonNull(bean, "bean must not be null");
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(route, "route must not be null");
        Objects.requireNonNull(codecs, "codecs must not be null");
        Objects.requireNonNull(exceptionResolver, "exceptionResolver must not be null");
        Argument[] arguments = new Argument[method.getParameterCount()];
        boolean body = false;
        boolean context = false;
        for (int i = 0; i < arguments.length; i++) {
            MethodParameter parameter = new MethodParameter(method, i);
            Class<?> type = parameter.getParameterType();
            if (RequestContext.class.isAssignableFrom(type)) {
                if (context) {
                    throw invalid(method, "declares more than one RequestContext parameter");
                }
                context = true;
                arguments[i] = (request, requestContext) -> requestContext;
                continue;
            }
            FalcoMetadata metadata = parameter.getParameterAnnotation(FalcoMetadata.class);
            if (metadata != null) {
                arguments[i] = metadataArgument(method, type, metadata);
                continue;
            }
            if (type.isPrimitive() || CompletionStage.class.isAssignableFrom(type)) {
                throw invalid(method, "has a parameter of type " + type.getSimpleName() + ", which cannot be read "
                        + "from a request; use byte[], ByteBuffer, String, a JSON-mapped type, RequestContext or "
                        + "a @FalcoMetadata String");
            }
            if (body) {
                throw invalid(method, "declares more than one body parameter; a request has one body: declare one "
                        + "of byte[], ByteBuffer, String or a JSON-mapped type, and optionally RequestContext");
            }
            body = true;
            PayloadCodec<?> codec = codecFor(method, ResolvableType.forMethodParameter(parameter), codecs);
            Object[] validationHints = validationHints(parameter);
            if (validationHints == null) {
                arguments[i] = (request, requestContext) -> codec.decode(request);
                continue;
            }
            if (validator == null) {
                throw invalid(method, "validates its body (@Valid or @Validated), but the application has no Bean "
                        + "Validation provider: add spring-boot-starter-validation");
            }
            String typeName = type.getSimpleName();
            arguments[i] = (request, requestContext) -> validated(codec.decode(request), typeName, validator,
                    validationHints);
        }
        ResolvableType returnType = ResolvableType.forMethodReturnType(method);
        Class<?> rawReturnType = returnType.resolve(Object.class);
        boolean async = CompletionStage.class.isAssignableFrom(rawReturnType);
        if (async) {
            returnType = returnType.as(CompletionStage.class).getGeneric(0);
            rawReturnType = returnType.resolve(Object.class);
        }
        if (rawReturnType != void.class && rawReturnType != Void.class && rawReturnType.isPrimitive()) {
            throw invalid(method, "returns " + rawReturnType.getSimpleName() + "; return byte[], ByteBuffer, "
                    + "String, a JSON-mapped type, void or a CompletionStage of them");
        }
        @SuppressWarnings("unchecked")
        @Nullable PayloadCodec<@Nullable Object> resultCodec = (rawReturnType == void.class
                || rawReturnType == Void.class)
                ? null : (PayloadCodec<@Nullable Object>) codecFor(method, returnType, codecs);
        ReflectionUtils.makeAccessible(method);
        return new FalcoHandlerMethod(bean, method, route, arguments, resultCodec, async, blocking && !async,
                exceptionResolver);
    }

    /**
     * Decodes the request, calls a synchronous method and encodes its result.
     * @param request the request body
     * @param context the connection and route of the request
     * @return the response body
     * @throws FalcoRequestException with {@link RequestStatus#BAD_REQUEST} when the body cannot be decoded or is
     * invalid, or as thrown by the method
     * @throws IllegalStateException when the method is asynchronous: call {@link #invokeAsync} instead
     * @throws Exception as thrown by the method
     */
    public byte[] invoke(byte[] request, RequestContext context) throws Exception {
        if (this.async) {
            throw new IllegalStateException(this.description + " returns a CompletionStage; call invokeAsync");
        }
        return encode(call(request, context));
    }

    /**
     * Decodes the request and calls the method; its result is encoded once its stage completes, on the thread that
     * completes it (a synchronous method's at once).
     * @param request the request body
     * @param context the connection and route of the request
     * @return the stage of the response body, failing as the method's stage fails
     * @throws FalcoRequestException with {@link RequestStatus#BAD_REQUEST} when the body cannot be decoded or is
     * invalid, or as thrown by the method
     * @throws Exception as thrown by the method before it returned a stage
     */
    public CompletionStage<byte[]> invokeAsync(byte[] request, RequestContext context) throws Exception {
        Object result = call(request, context);
        if (!this.async || result == null) {
            return CompletableFuture.completedFuture(encode(result));
        }
        return ((CompletionStage<?>) result).thenApply(this::encode);
    }

    /**
     * Whether the method returns a {@link CompletionStage}.
     * @return {@code true} for an asynchronous method
     */
    public boolean isAsync() {
        return this.async;
    }

    /**
     * Whether the method must run on the handler executor: a synchronous method not declared
     * {@code blocking = false}.
     * @return {@code true} when it may block
     */
    public boolean isBlocking() {
        return this.blocking;
    }

    /**
     * The route this method answers.
     * @return the route, empty for the default handler
     */
    public String getRoute() {
        return this.route;
    }

    /**
     * The resolver of this method's failures: the exception handlers of its class, then the application's.
     * @return the resolver
     */
    public FalcoHandlerExceptionResolver getExceptionResolver() {
        return this.exceptionResolver;
    }

    /**
     * The method, for messages.
     * @return the method
     */
    public Method getMethod() {
        return this.method;
    }

    @Override
    public String toString() {
        return this.description;
    }

    private @Nullable Object call(byte[] request, RequestContext context) throws Exception {
        Object[] args = new Object[this.arguments.length];
        for (int i = 0; i < args.length; i++) {
            try {
                args[i] = this.arguments[i].resolve(request, context);
            }
            catch (PayloadDecodingException ex) {
                throw new FalcoRequestException(RequestStatus.BAD_REQUEST, ex.getMessage(), ex);
            }
        }
        try {
            return this.method.invoke(this.bean, args);
        }
        catch (InvocationTargetException ex) {
            throw rethrowable(ex.getCause());
        }
    }

    private byte[] encode(@Nullable Object result) {
        return (this.resultCodec != null) ? this.resultCodec.encode(result) : EMPTY;
    }

    private static Exception rethrowable(@Nullable Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof Exception exception) {
            return exception;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("the handler failed without a cause");
    }

    /**
     * The value of one metadata entry: a required entry that is missing is the client's mistake, answered
     * {@link RequestStatus#BAD_REQUEST} before the method runs.
     */
    private static Argument metadataArgument(Method method, Class<?> type, FalcoMetadata metadata) {
        String key = metadata.value();
        if (type != String.class) {
            throw invalid(method, "declares @FalcoMetadata(\"" + key + "\") on a parameter of type "
                    + type.getSimpleName() + "; metadata values are Strings");
        }
        if (!Metadata.isValidKey(key)) {
            throw invalid(method, "declares @FalcoMetadata(\"" + key + "\"), which is not a metadata key: 1 to "
                    + Metadata.MAX_KEY_LENGTH + " characters of a-z 0-9 - _ .");
        }
        if (!metadata.required()) {
            return (request, context) -> context.metadata().get(key);
        }
        return (request, context) -> {
            String value = context.metadata().get(key);
            if (value == null) {
                throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "the request lacks the metadata '" + key
                        + "' that its handler requires");
            }
            return value;
        };
    }

    private static Object @Nullable [] validationHints(MethodParameter parameter) {
        for (Annotation annotation : parameter.getParameterAnnotations()) {
            Object[] hints = ValidationAnnotationUtils.determineValidationHints(annotation);
            if (hints != null) {
                return hints;
            }
        }
        return null;
    }

    /**
     * The body, once valid: a body that violates constraints is answered {@link RequestStatus#BAD_REQUEST} naming
     * the fields and constraints (never the values, which may be secrets), sorted so that the message is stable.
     */
    private static @Nullable Object validated(@Nullable Object body, String typeName, Validator validator,
            Object[] hints) {
        if (body == null) {
            return null;
        }
        Violations errors = new Violations(body, typeName);
        if (hints.length > 0 && validator instanceof SmartValidator smartValidator) {
            smartValidator.validate(body, errors, hints);
        }
        else {
            validator.validate(body, errors);
        }
        if (!errors.hasErrors()) {
            return body;
        }
        String violations = errors.getAllErrors()
            .stream()
            .map((error) -> ((error instanceof FieldError field) ? field.getField() + " " : "")
                    + error.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
        throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "invalid " + typeName + ": " + violations);
    }

    static String describe(Method method) {
        StringBuilder description = new StringBuilder(ClassUtils.getUserClass(method.getDeclaringClass())
            .getSimpleName()).append('#').append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            description.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
        }
        return description.append(')').toString();
    }

    private static PayloadCodec<?> codecFor(Method method, ResolvableType type, PayloadCodecs codecs) {
        try {
            return codecs.forType(type);
        }
        catch (IllegalStateException ex) {
            // a JSON body without a JSON library
            throw invalid(method, "cannot be used: " + ex.getMessage());
        }
    }

    private static InvalidFalcoHandlerException invalid(Method method, String reason) {
        return new InvalidFalcoHandlerException("@FalcoHandler method " + describe(method) + " " + reason);
    }

    /**
     * The constraint violations of a body, without the rejected values: they are never reported, and reading them
     * would need accessors that records and nested paths do not all have.
     */
    private static final class Violations extends AbstractBindingResult {

        private final Object target;

        Violations(Object target, String objectName) {
            super(objectName);
            this.target = target;
        }

        @Override
        public Object getTarget() {
            return this.target;
        }

        @Override
        protected @Nullable Object getActualFieldValue(String field) {
            return null;
        }

    }

    /**
     * Produces one argument of the method from a request.
     */
    @FunctionalInterface
    private interface Argument {

        @Nullable Object resolve(byte[] request, RequestContext context);

    }

}
