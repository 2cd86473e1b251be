package io.falcotcp.server;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of the server channel: after a failed accept it stops accepting for {@link #PAUSE_MILLIS} and counts
 * the failure; failures are logged at most once per {@link #LOG_INTERVAL_SECONDS}, with how many there were.
 * <p>
 * Accept fails mostly when the process ({@code EMFILE}) or the system ({@code ENFILE}) has no file descriptor left,
 * and then fails again at once until a connection closes: without the pause the accept thread would spin. Netty's
 * own answer (ServerBootstrap's acceptor stops reading for a second, and every failure reaches the end of the
 * pipeline, where it is logged with its stack trace) is replaced: this handler comes first and consumes the failure.
 */
final class AcceptFailureHandler extends ChannelInboundHandlerAdapter {

    /**
     * How long accepting pauses after a failure. Short, because it is the extra wait of a client queued in the
     * backlog once a descriptor frees up; long enough that retrying costs nothing measurable (ten failed accepts a
     * second).
     */
    static final long PAUSE_MILLIS = 100;

    /** Failures are logged at most this often, each time with their count since the previous warning. */
    static final long LOG_INTERVAL_SECONDS = 10;

    private static final Logger logger = LoggerFactory.getLogger(AcceptFailureHandler.class);

    private static final int EMFILE = 24;

    private static final int ENFILE = 23;

    private final FalcoServerStats stats;

    private final int maxConnections;

    private long unloggedFailures;

    private long lastLogNanos;

    private boolean logged;

    /**
     * Creates the handler of one server channel.
     * @param stats where failures are counted
     * @param maxConnections the server's connection limit, named in the log
     */
    AcceptFailureHandler(FalcoServerStats stats, int maxConnections) {
        this.stats = stats;
        this.maxConnections = maxConnections;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        this.stats.acceptFailed();
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead()) {
            config.setAutoRead(false);
            // a lambda's class is made in memory: an inner class might have to be read from a file, and fail
            ctx.executor().schedule(() -> config.setAutoRead(true), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }
        this.unloggedFailures++;
        long now = ctx.executor().ticker().nanoTime();
        if (this.logged && now - this.lastLogNanos < TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS)) {
            return;
        }
        logger.warn("FalcoTCP server on {} failed to accept connections ({} since {}): {}.{} Accepting pauses for "
                + "{} ms after each failure; this warning repeats at most every {} s", ctx.channel().localAddress(),
                (this.unloggedFailures == 1) ? "1 failure" : this.unloggedFailures + " failures",
                this.logged ? "the last warning" : "the server started", cause.getMessage(), hint(cause),
                PAUSE_MILLIS, LOG_INTERVAL_SECONDS);
        this.logged = true;
        this.lastLogNanos = now;
        this.unloggedFailures = 0;
    }

    private String hint(Throwable cause) {
        if (!isOutOfFileDescriptors(cause)) {
            return "";
        }
        long limit = FileDescriptorLimit.max();
        String now = (limit >= 0) ? ", now " + limit : "";
        return " No file descriptor is left: raise the process's limit (ulimit -n" + now + ") or lower maxConnections "
                + "(falco.server.max-connections in Spring Boot, now " + this.maxConnections + ").";
    }

    static boolean isOutOfFileDescriptors(Throwable cause) {
        if (cause instanceof Errors.NativeIoException nativeCause) {
            int errno = Math.abs(nativeCause.expectedErr());
            return errno == EMFILE || errno == ENFILE;
        }
        // NIO reports only the text of strerror: "Too many open files" (EMFILE) or "... in system" (ENFILE)
        return String.valueOf(cause.getMessage()).contains("Too many open files");
    }

}
