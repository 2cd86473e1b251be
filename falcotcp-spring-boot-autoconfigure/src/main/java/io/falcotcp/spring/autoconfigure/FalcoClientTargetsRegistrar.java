package io.falcotcp.spring.autoconfigure;

import java.util.Map;

import io.falcotcp.spring.client.FalcoClient;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
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
 */
class FalcoClientTargetsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

    private Environment environment;

    private BeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Map<String, Object> targets = Binder.get(this.environment)
            .bind("falco.client.targets", Bindable.mapOf(String.class, Object.class))
            .orElse(Map.of());
        BeanFactory beanFactory = this.beanFactory;
        for (String name : targets.keySet()) {
            RootBeanDefinition definition = new RootBeanDefinition(FalcoClient.class,
                    () -> beanFactory.getBean(FalcoClientFactory.class).createTarget(name));
            definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
            registry.registerBeanDefinition(name + "FalcoClient", definition);
        }
    }

}
