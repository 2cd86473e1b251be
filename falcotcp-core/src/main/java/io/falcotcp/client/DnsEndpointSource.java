package io.falcotcp.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints behind one DNS name: every address it resolves to, all on the same port, resolved again at a fixed
 * interval, as a Kubernetes headless service lists the addresses of its ready pods. Resolution blocks, so it runs on
 * a thread of its own, never on an event loop. A failed resolution keeps the endpoints of the last one.
 */
public final class DnsEndpointSource implements EndpointSource {

    private static final Logger logger = LoggerFactory.getLogger(DnsEndpointSource.class);

    private final String host;

    private final int port;

    private final Duration interval;

    private final HostResolver resolver;

    private final ScheduledExecutorService executor;

    /**
     * A source that resolves with {@link InetAddress#getAllByName(String)}; the JVM caches answers for
     * {@code networkaddress.cache.ttl} seconds (30 s by default), which bounds how fast a change shows.
     * @param host the DNS name
     * @param port the port of every address
     * @param interval how often to resolve again, positive
     */
    public DnsEndpointSource(String host, int port, Duration interval) {
        this(host, port, interval, InetAddress::getAllByName);
    }

    /**
     * A source that resolves with the given resolver.
     * @param host the DNS name
     * @param port the port of every address
     * @param interval how often to resolve again, positive
     * @param resolver resolves the name to all of its addresses
     */
    public DnsEndpointSource(String host, int port, Duration interval, HostResolver resolver) {
        this.host = new Endpoint(host, port).host();
        this.port = port;
        Objects.requireNonNull(interval, "interval must not be null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the DNS re-resolution interval must be positive (got " + interval
                    + ")");
        }
        this.interval = interval;
        this.resolver = Objects.requireNonNull(resolver, "resolver must not be null");
        this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, "falcotcp-dns-" + host);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void start(Consumer<List<Endpoint>> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        this.executor.scheduleWithFixedDelay(() -> resolve(listener), 0, this.interval.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void resolve(Consumer<List<Endpoint>> listener) {
        InetAddress[] addresses;
        try {
            addresses = this.resolver.resolveAll(this.host);
        }
        catch (UnknownHostException | RuntimeException ex) {
            logger.warn("Cannot resolve {} ({}); keeping the endpoints of the last resolution", this.host,
                    ex.getMessage());
            return;
        }
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        for (InetAddress address : addresses) {
            endpoints.add(new Endpoint(address.getHostAddress(), this.port));
        }
        try {
            listener.accept(new ArrayList<>(endpoints));
        }
        catch (RuntimeException ex) {
            // a failing listener must not cancel the next resolutions
            logger.warn("The endpoints of {} could not be applied", this.host, ex);
        }
    }

    @Override
    public void close() {
        this.executor.shutdownNow();
    }

    /**
     * {@code dns:host:port}.
     * @return the source for messages
     */
    @Override
    public String toString() {
        return "dns:" + new Endpoint(this.host, this.port);
    }

    /**
     * Resolves a host name to all of its addresses.
     */
    @FunctionalInterface
    public interface HostResolver {

        /**
         * Resolves a name.
         * @param host the name
         * @return its addresses, at least one
         * @throws UnknownHostException when the name has no address
         */
        InetAddress[] resolveAll(String host) throws UnknownHostException;

    }

}
