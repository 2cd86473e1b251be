package io.falcotcp.spring.autoconfigure;

import java.util.Map;

import io.falcotcp.spring.client.FalcoClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link FalcoClient} bean per {@code falco.client.targets.<name>}, named {@code <name>FalcoClient}
 * and qualified {@code <name>}, so that {@code @Qualifier("<name>") FalcoClient} injects it.
 * <p>
 * Each definition names a factory method and its arguments rather than holding an instance supplier, so that Spring
 * AOT can write it as code; with AOT, the targets are those configured when the application was processed.
 */
class FalcoClientTargetsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Map<String, Object> targets = Binder.get(this.environment)
            .bind("falco.client.targets", Bindable.mapOf(String.class, Object.class))
            .orElse(Map.of());
        for (String name : targets.keySet()) {
            registry.registerBeanDefinition(name + "FalcoClient", definition(name));
        }
    }

    private static RootBeanDefinition definition(String name) {
        RootBeanDefinition definition = new RootBeanDefinition(FalcoClientTarget.class);
        definition.setFactoryMethodName("create");
        definition.setTargetType(FalcoClient.class);
        // the factory is autowired, the name is given
        definition.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
        definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
        definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
        return definition;
    }

}
