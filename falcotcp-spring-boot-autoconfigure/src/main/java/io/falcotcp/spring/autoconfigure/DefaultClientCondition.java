package io.falcotcp.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the default client has servers to call: {@code falco.client.host}, {@code falco.client.endpoints} or
 * {@code falco.client.service-id} is set.
 */
class DefaultClientCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        if (binder.bind("falco.client.host", String.class).isBound()) {
            return ConditionOutcome.match("falco.client.host is set");
        }
        if (binder.bind("falco.client.endpoints", Bindable.listOf(String.class)).map((list) -> !list.isEmpty())
            .orElse(false)) {
            return ConditionOutcome.match("falco.client.endpoints is set");
        }
        if (binder.bind("falco.client.service-id", String.class).isBound()) {
            return ConditionOutcome.match("falco.client.service-id is set");
        }
        return ConditionOutcome.noMatch("none of falco.client.host, falco.client.endpoints and falco.client.service-id "
                + "is set");
    }

}
