package io.falcotcp.spring.server;

import java.util.Objects;

import io.falcotcp.server.FalcoServer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link FalcoServer} once the application context is ready and stops it gracefully with the context:
 * the server stops accepting, in-flight requests finish within its grace period, then connections close.
 * Publishes a {@link FalcoServerStartedEvent} with the bound port once the server listens, and a
 * {@link FalcoServerStoppedEvent} once its graceful stop is done.
 */
public class FalcoServerLifecycle implements SmartLifecycle {

    /**
     * Late to start and early to stop, so that handlers' dependencies are up while requests are served; one step
     * before {@link io.falcotcp.spring.client.FalcoClientConnector#PHASE}, so that an application calling its own
     * server finds it listening.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private final FalcoServer server;

    private final ApplicationEventPublisher eventPublisher;

    /**
     * Creates a lifecycle for a server.
     * @param server the server to start and stop
     * @param eventPublisher where the started and stopped events go
     */
    public FalcoServerLifecycle(FalcoServer server, ApplicationEventPublisher eventPublisher) {
        this.server = Objects.requireNonNull(server, "server must not be null");
        this.eventPublisher = Objects.requireNonNull(eventPublisher, "eventPublisher must not be null");
    }

    @Override
    public void start() {
        this.server.start();
        this.eventPublisher.publishEvent(new FalcoServerStartedEvent(this.server));
    }

    @Override
    public void stop() {
        stopServer();
    }

    @Override
    public void stop(Runnable callback) {
        Thread stopper = new Thread(() -> {
            try {
                stopServer();
            }
            finally {
                callback.run();
            }
        }, "falco-server-shutdown");
        stopper.start();
    }

    private void stopServer() {
        boolean wasRunning = this.server.isRunning();
        this.server.stop();
        if (wasRunning) {
            this.eventPublisher.publishEvent(new FalcoServerStoppedEvent(this.server));
        }
    }

    @Override
    public boolean isRunning() {
        return this.server.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * The server this lifecycle drives.
     * @return the server
     */
    public FalcoServer getServer() {
        return this.server;
    }

}
