package io.falcotcp.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The time limits of one established connection: it closes when no message or ping arrived within its lifetime
 * (protocol v1 §1.3), and in the session mode it gets {@link LifetimeHandler.KeyLifetimeExpired} when its keys reach
 * the session key lifetime, so that it retires. A connection that can take a dormant shape
 * ({@link DormantConnection}) is offered it after {@value #DOZE_SECONDS} seconds without a message or ping.
 * <p>
 * Activity only records a timestamp, and the one scheduled check re-arms itself for the nearest deadline left, so
 * that a busy connection does not reschedule a timer per message and a connection has one timer for all its limits.
 * The timer belongs to the connection, not to a stage of its pipeline: it runs on while the connection is dormant
 * and stops when the connection closes. It is its own timer task ({@link #run()}), which saves a task object per
 * connection. Used on the connection's event loop only.
 */
class ConnectionLifetime implements Runnable {

    /** How long an established connection keeps its full shape without a message or ping. */
    static final long DOZE_SECONDS = 2;

    private static final long DOZE_NANOS = TimeUnit.SECONDS.toNanos(DOZE_SECONDS);

    private final long lifetimeNanos;

    private @Nullable Channel channel;

    private @Nullable ScheduledFuture<?> expiry;

    private long lastActivity;

    private long keysExpire;

    private boolean keysExpired;

    private boolean dormant;

    /**
     * Creates the limits of one connection.
     * @param lifetime how long the connection may go without a message or ping
     * @param keyLifetime how long its session keys may be used from now, {@code null} for a connection without
     *     session keys
     */
    ConnectionLifetime(Duration lifetime, @Nullable Duration keyLifetime) {
        this.lifetimeNanos = lifetime.toNanos();
        this.keysExpired = keyLifetime == null;
        this.keysExpire = (keyLifetime != null) ? System.nanoTime() + keyLifetime.toNanos() : 0;
    }

    /**
     * Starts the timer when the connection is established; later calls come as the connection wakes from its
     * dormant shape.
     * @param channel the connection
     */
    final void start(Channel channel) {
        if (this.channel == null) {
            this.channel = channel;
            long now = System.nanoTime();
            this.lastActivity = now;
            schedule(channel, now);
        }
        else if (this.dormant && this.expiry != null) {
            // the timer of a dormant connection waits for its deadlines only: it looks for the next doze again
            this.dormant = false;
            schedule(channel, System.nanoTime());
        }
    }

    /**
     * Records a message or ping.
     */
    final void activity() {
        this.lastActivity = System.nanoTime();
    }

    /**
     * Cancels the timer: the connection closed.
     */
    final void stop() {
        if (this.expiry != null) {
            this.expiry.cancel(false);
            this.expiry = null;
        }
    }

    /**
     * Whether the connection can take a dormant shape at all.
     * @return {@code false} unless a subclass says otherwise
     */
    boolean canDoze() {
        return false;
    }

    /**
     * Puts the connection into its dormant shape, when nothing is under way on it.
     * @param channel the connection
     * @return whether it took the shape
     */
    boolean doze(Channel channel) {
        return false;
    }

    /**
     * The timer: checks the limits, and re-arms itself.
     */
    @Override
    public final void run() {
        Channel channel = this.channel;
        if (channel == null || this.expiry == null || !channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (now - (this.lastActivity + this.lifetimeNanos) >= 0) {
            this.expiry = null;
            channel.close();
            return;
        }
        if (!this.keysExpired && now - this.keysExpire >= 0) {
            this.keysExpired = true;
            channel.pipeline().fireUserEventTriggered(LifetimeHandler.KeyLifetimeExpired.INSTANCE);
            if (this.expiry == null || !channel.isActive()) {
                // the connection closed while retiring
                return;
            }
        }
        if (!this.dormant && canDoze() && now - (this.lastActivity + DOZE_NANOS) >= 0) {
            this.dormant = doze(channel);
        }
        schedule(channel, now);
    }

    private void schedule(Channel channel, long now) {
        // one timer at a time: a connection woken by the timer's own event (the key lifetime) was re-armed already
        if (this.expiry != null) {
            this.expiry.cancel(false);
        }
        long delay = this.lastActivity + this.lifetimeNanos - now;
        if (!this.keysExpired) {
            delay = Math.min(delay, this.keysExpire - now);
        }
        if (!this.dormant && canDoze()) {
            // an idle connection that could not doze (a request in flight) tries again a doze period later
            long doze = this.lastActivity + DOZE_NANOS - now;
            delay = Math.min(delay, (doze > 0) ? doze : DOZE_NANOS);
        }
        this.expiry = channel.eventLoop().schedule(this, delay, TimeUnit.NANOSECONDS);
    }

}
