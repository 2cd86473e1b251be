package io.falcotcp.benchmarks.load;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

/**
 * Bounded close and shutdown of the plain echo's event loops. Netty 4.2.18's io_uring loop can wait for ever in
 * {@code IoUringIoHandler.prepareToDestroy} for completions of a connection closed with writes in flight; a
 * measurement must not hang on that, so the wait is bounded, as in {@code FalcoServer} and {@code FalcoTcpClient}.
 */
final class EventLoops {

    private static final long QUIET_PERIOD_SECONDS = 0;

    private static final long TIMEOUT_SECONDS = 2;

    private EventLoops() {
    }

    /**
     * Closes a channel and waits a few seconds at most.
     * @param channel the channel
     */
    static void close(Channel channel) {
        channel.close().awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Shuts a group down and waits a few seconds at most; a group that does not end by then is left to the JVM's
     * exit (its threads are daemons) and reported on standard error.
     * @param group the group
     * @param name what it is, for the report
     */
    static void shutDown(EventLoopGroup group, String name) {
        boolean ended = group.shutdownGracefully(QUIET_PERIOD_SECONDS, TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .awaitUninterruptibly(TIMEOUT_SECONDS + 3, TimeUnit.SECONDS);
        if (!ended) {
            System.err.println("the " + name + " event loops did not end within " + (TIMEOUT_SECONDS + 3)
                    + " s; left to the JVM's exit");
        }
    }

}
