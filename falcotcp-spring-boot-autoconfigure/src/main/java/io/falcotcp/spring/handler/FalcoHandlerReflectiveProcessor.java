package io.falcotcp.spring.handler;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

import io.falcotcp.server.RequestContext;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.ReflectiveProcessor;
import org.springframework.core.ResolvableType;

/**
 * The runtime hints of a {@link FalcoHandler} method for Spring AOT and native images: the method, which is invoked
 * reflectively, and binding hints for the types its JSON codecs read and write, its body parameter and its result
 * (the value of a {@link CompletionStage}). Bytes, text, {@link ByteBuffer} and {@link RequestContext} need none.
 */
public class FalcoHandlerReflectiveProcessor implements ReflectiveProcessor {

    private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

    @Override
    public void registerReflectionHints(ReflectionHints hints, AnnotatedElement element) {
        if (!(element instanceof Method method)) {
            return;
        }
        hints.registerMethod(method, ExecutableMode.INVOKE);
        for (int i = 0; i < method.getParameterCount(); i++) {
            registerBody(hints, ResolvableType.forMethodParameter(method, i));
        }
        ResolvableType result = ResolvableType.forMethodReturnType(method);
        if (CompletionStage.class.isAssignableFrom(result.toClass())) {
            result = result.as(CompletionStage.class).getGeneric(0);
        }
        registerBody(hints, result);
    }

    private void registerBody(ReflectionHints hints, ResolvableType type) {
        Class<?> raw = type.resolve(Object.class);
        if (raw.isPrimitive() || raw == Void.class || raw == Object.class || raw == byte[].class
                || raw == String.class || ByteBuffer.class.isAssignableFrom(raw)
                || RequestContext.class.isAssignableFrom(raw)) {
            return;
        }
        // by the resolved classes: a type seen through CompletionStage is a type variable with a resolver
        this.bindingRegistrar.registerReflectionHints(hints, raw);
        for (ResolvableType generic : type.getGenerics()) {
            registerBody(hints, generic);
        }
    }

}
