package io.falcotcp.spring.autoconfigure;

import io.falcotcp.server.AsyncRequestHandler;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.spring.handler.FalcoHandler;
import io.falcotcp.spring.handler.FalcoHandlerDetector;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application needs a FalcoTCP server: it has {@link FalcoHandler} methods, a
 * {@link RequestHandler} or {@link AsyncRequestHandler} bean, or sets {@code falco.server.enabled=true}.
 */
class OnFalcoServerCondition extends SpringBootCondition implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if ("true".equalsIgnoreCase(context.getEnvironment().getProperty("falco.server.enabled"))) {
            return ConditionOutcome.match("falco.server.enabled is true");
        }
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        if (beanFactory == null) {
            return ConditionOutcome.noMatch("no bean factory");
        }
        for (Class<?> handlerType : new Class<?>[] { RequestHandler.class, AsyncRequestHandler.class }) {
            String[] handlers = beanFactory.getBeanNamesForType(handlerType, true, false);
            if (handlers.length > 0) {
                return ConditionOutcome.match("found " + handlerType.getSimpleName() + " bean '" + handlers[0] + "'");
            }
        }
        for (String name : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = typeOf(beanFactory, name);
            if (type != null && !FalcoHandlerDetector.findHandlerMethods(type).isEmpty()) {
                return ConditionOutcome.match("found @FalcoHandler methods on bean '" + name + "'");
            }
        }
        return ConditionOutcome.noMatch("no @FalcoHandler method, no RequestHandler or AsyncRequestHandler bean "
                + "and falco.server.enabled is not true");
    }

    private static @Nullable Class<?> typeOf(ConfigurableListableBeanFactory beanFactory, String name) {
        try {
            return beanFactory.getType(name, false);
        }
        catch (BeansException ex) {
            // a bean whose type cannot be determined yet is left to its own failure, if any, later
            return null;
        }
    }

}
