package io.falcotcp.testsupport;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

import net.jqwik.api.lifecycle.AfterContainerHook;
import net.jqwik.api.lifecycle.BeforeContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * Fails a jqwik test class when Netty reported a buffer leak while its properties ran, as {@link LeakCheckExtension}
 * does for JUnit Jupiter classes (jqwik runs outside Jupiter's callbacks). Registered globally through
 * {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook} and propagated from the engine to every container;
 * it acts on test classes only.
 */
public class LeakCheckHook implements BeforeContainerHook, AfterContainerHook {

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(Optional<AnnotatedElement> element) {
        return element.filter(Class.class::isInstance).isPresent();
    }

    @Override
    public void beforeContainer(ContainerLifecycleContext context) {
        NettyLeaks.start(context.label());
    }

    @Override
    public void afterContainer(ContainerLifecycleContext context) throws InterruptedException {
        NettyLeaks.assertNone(context.label());
    }

}
