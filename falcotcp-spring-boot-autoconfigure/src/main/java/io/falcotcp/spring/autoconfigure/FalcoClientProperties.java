package io.falcotcp.spring.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.falcotcp.transport.TransportKind;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;

/**
 * Configuration of FalcoTCP clients: the default client ({@code falco.client.*}, created when
 * {@code falco.client.host}, {@code falco.client.endpoints} or {@code falco.client.service-id} is set) and named
 * targets ({@code falco.client.targets.<name>.*}), whose unset values are taken from the default client's.
 * <p>
 * Both are {@link FalcoClientConnectionProperties}. Once bound, each target is bound again, over a copy of the
 * default client's values, so that what it leaves unset is the default client's; it takes the default client's
 * {@code host}, {@code endpoints} and {@code service-id} only when it sets none of them, and its {@code key} and
 * {@code key-file} as a pair. The checks here are those about several properties together; each value is checked
 * where it is used, by the client's builder ({@link ClientPropertiesMapper}).
 */
@ConfigurationProperties(FalcoClientProperties.PREFIX)
public class FalcoClientProperties extends FalcoClientConnectionProperties
        implements EnvironmentAware, InitializingBean {

    static final String PREFIX = "falco.client";

    /** The properties that say where a client sends: a target that sets one of them takes none from the default. */
    private static final Set<String> SERVERS = Set.of("host", "endpoints", "service-id");

    /** The properties of the key, taken from the default client together or not at all. */
    private static final Set<String> KEY = Set.of("key", "key-file");

    /**
     * Whether building the first client runs the AES-GCM engine on a fixed number of payloads of 64 B to 1 MiB, once
     * per JVM for all clients and the server, so that the first large messages after small ones are not many times
     * slower.
     */
    private boolean cryptoWarmUp = true;

    /**
     * Named targets, each a client injectable with @Qualifier("name"); unset values come from falco.client.*.
     */
    private final Map<String, FalcoClientConnectionProperties> targets = new LinkedHashMap<>();

    /**
     * Observation of the requests of every auto-configured client (the default one, the targets and the builder's).
     */
    private final Observation observation = new Observation();

    private @Nullable Environment environment;

    private final Map<String, ConfiguredClient> configuredTargets = new LinkedHashMap<>();

    public boolean isCryptoWarmUp() {
        return this.cryptoWarmUp;
    }

    public void setCryptoWarmUp(boolean cryptoWarmUp) {
        this.cryptoWarmUp = cryptoWarmUp;
    }

    /**
     * The named targets; once the properties are bound, each holds the values its client is built with, inherited
     * ones included.
     * @return the targets by name
     */
    public Map<String, FalcoClientConnectionProperties> getTargets() {
        return this.targets;
    }

    public Observation getObservation() {
        return this.observation;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /**
     * The default client.
     * @return its settings, read from {@code falco.client.*}; {@code host} and {@code serviceId} are {@code null}
     *     and {@code endpoints} empty when no default client is configured
     */
    public ConfiguredClient defaultClient() {
        return new ConfiguredClient("default", PREFIX, this, Set.of());
    }

    /**
     * A named target.
     * @param name the target's name
     * @return its settings, with those it inherits from the default client
     * @throws IllegalArgumentException when there is no such target
     */
    public ConfiguredClient target(String name) {
        ConfiguredClient target = this.configuredTargets.get(name);
        if (target == null) {
            throw new IllegalArgumentException("no FalcoTCP client target '" + name + "' under " + PREFIX
                    + ".targets");
        }
        return target;
    }

    /**
     * Binds each target over the default client's values, and checks the properties that go together, so that a
     * bad combination fails start-up naming a property.
     */
    @Override
    public void afterPropertiesSet() {
        Assert.state(this.environment != null, "the environment must be set before the targets are bound");
        Binder binder = Binder.get(this.environment);
        check(defaultClient(), false);
        this.configuredTargets.clear();
        for (String name : List.copyOf(this.targets.keySet())) {
            ConfiguredClient target = bindTarget(binder, name);
            check(target, true);
            this.targets.put(name, target.settings());
            this.configuredTargets.put(name, target);
        }
    }

    private static ConfiguredClient bindTarget(Binder binder, String name) {
        String prefix = PREFIX + ".targets." + name;
        // binding falco.client again, rather than copying this instance, gives the target lists of its own
        FalcoClientConnectionProperties settings = binder
            .bind(PREFIX, Bindable.ofInstance(new FalcoClientConnectionProperties()))
            .orElseGet(FalcoClientConnectionProperties::new);
        Set<String> own = new LinkedHashSet<>();
        binder.bind(prefix, Bindable.ofInstance(settings), new OwnPropertiesRecorder(own));
        if (!Collections.disjoint(own, SERVERS)) {
            if (!own.contains("host")) {
                settings.setHost(null);
            }
            if (!own.contains("endpoints")) {
                settings.setEndpoints(new ArrayList<>());
            }
            if (!own.contains("service-id")) {
                settings.setServiceId(null);
            }
        }
        if (!Collections.disjoint(own, KEY)) {
            if (!own.contains("key")) {
                settings.setKey(null);
            }
            if (!own.contains("key-file")) {
                settings.setKeyFile(null);
            }
        }
        // an inherited resolve-all applies to a host only: a target listing endpoints ignores it
        if (!own.contains("resolve-all") && settings.getHost() == null) {
            settings.setResolveAll(false);
        }
        return new ConfiguredClient(name, prefix, settings, Set.copyOf(own));
    }

    private static void check(ConfiguredClient client, boolean serversRequired) {
        FalcoClientConnectionProperties settings = client.settings();
        String host = settings.getHost();
        List<String> endpoints = settings.getEndpoints();
        String serviceId = settings.getServiceId();
        String prefix = client.prefix();
        if (serversRequired && host == null && endpoints.isEmpty() && serviceId == null) {
            fail(client, "host", null, "must be set, or endpoints or service-id (here or as " + PREFIX + ".host, "
                    + PREFIX + ".endpoints or " + PREFIX + ".service-id)");
        }
        if (serviceId != null && serviceId.isBlank()) {
            fail(client, "service-id", serviceId, "must not be blank");
        }
        if (serviceId != null && (host != null || !endpoints.isEmpty())) {
            fail(client, "service-id", serviceId, "must not be set together with " + prefix + ".host or " + prefix
                    + ".endpoints: the servers come from Spring Cloud discovery or from these, not both");
        }
        if (host != null && !endpoints.isEmpty()) {
            fail(client, "endpoints", endpoints, "must not be set together with " + prefix + ".host: set host and "
                    + "port for one server, or endpoints for several");
        }
        if (settings.isResolveAll() && host == null) {
            fail(client, "resolve-all", true, "applies to " + prefix + ".host, which is not set; list several "
                    + "servers in endpoints, or set host to a DNS name with all their addresses");
        }
        if (settings.isReloadKeyFile() && (settings.getKeyFile() == null || settings.getKey() != null)) {
            fail(client, "reload-key-file", true, "needs a key-file and no key given as text, which cannot change");
        }
        // the builder refuses it too, but tells to call inProcess(name), which properties cannot
        if (settings.getTransport() == TransportKind.LOCAL) {
            fail(client, "transport", TransportKind.LOCAL, "must be auto, io_uring, epoll or nio; the in-process "
                    + "local transport is for tests (falcotcp-spring-boot-test)");
        }
    }

    /**
     * Fails naming the property of the client whose combination is wrong: under the target's prefix, even when the
     * target inherited the value, since that is where the combination is made.
     */
    private static void fail(ConfiguredClient client, String property, @Nullable Object value, String reason) {
        throw new InvalidConfigurationPropertyValueException(client.prefix() + "." + property, value, reason);
    }

    /**
     * Records the properties a target sets itself, as they are bound directly under its prefix.
     */
    private static final class OwnPropertiesRecorder extends AbstractBindHandler {

        private final Set<String> own;

        OwnPropertiesRecorder(Set<String> own) {
            this.own = own;
        }

        @Override
        public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                @Nullable Object result) {
            if (context.getDepth() == 1) {
                this.own.add(name.getLastElement(ConfigurationPropertyName.Form.DASHED));
            }
            return super.onSuccess(name, target, context, result);
        }

    }

    /**
     * Observation of the requests of the auto-configured clients.
     */
    public static class Observation {

        /**
         * Whether each request of the auto-configured clients is observed (its falco.client.requests timer, and its
         * span and propagated trace context when tracing is present); false: not at all.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

}
