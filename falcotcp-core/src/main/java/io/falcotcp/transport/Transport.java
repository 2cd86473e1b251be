package io.falcotcp.transport;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resolved Netty transport: its event-loop groups and channel classes.
 * <p>
 * {@link #select(TransportKind)} resolves {@link TransportKind#AUTO} to io_uring, epoll or NIO, in that order of
 * preference, and explains why a preferred transport was not taken. {@link TransportKind#LOCAL} is Netty's
 * in-process transport ({@code LocalServerChannel} and {@code LocalChannel} on {@code LocalIoHandler} event loops):
 * the same pipelines run over it, without a socket.
 */
public final class Transport {

    private static final Logger logger = LoggerFactory.getLogger(Transport.class);

    private static final String IO_URING_MULTISHOT_ACCEPT = "io.netty.iouring.acceptMultiShotEnabled";

    static {
        // Netty re-arms a multishot io_uring accept as soon as one fails, whatever auto-read says: a server out of
        // file descriptors would retry accept in a busy loop. Single-shot accept honours the pause after a failure.
        // Set before Netty's io_uring is first loaded, unless the application chose.
        if (System.getProperty(IO_URING_MULTISHOT_ACCEPT) == null) {
            System.setProperty(IO_URING_MULTISHOT_ACCEPT, "false");
        }
    }

    private final TransportKind kind;

    private final @Nullable String fallbackReason;

    private Transport(TransportKind kind, @Nullable String fallbackReason) {
        this.kind = kind;
        this.fallbackReason = fallbackReason;
    }

    /**
     * Resolves a requested transport kind. An explicitly requested native transport that is not available fails
     * with the reason.
     * @param requested the transport asked for
     * @return the transport to use, never {@link TransportKind#AUTO}
     */
    public static Transport select(TransportKind requested) {
        Objects.requireNonNull(requested, "requested must not be null");
        return switch (requested) {
            case IO_URING -> {
                requireAvailable("io_uring", IoUring.isAvailable(), IoUring.unavailabilityCause());
                yield new Transport(TransportKind.IO_URING, null);
            }
            case EPOLL -> {
                requireAvailable("epoll", Epoll.isAvailable(), Epoll.unavailabilityCause());
                yield new Transport(TransportKind.EPOLL, null);
            }
            case NIO -> new Transport(TransportKind.NIO, null);
            case LOCAL -> new Transport(TransportKind.LOCAL, null);
            case AUTO -> selectAutomatically();
        };
    }

    private static Transport selectAutomatically() {
        if (IoUring.isAvailable()) {
            return new Transport(TransportKind.IO_URING, null);
        }
        String reason = "io_uring is not available: " + describe(IoUring.unavailabilityCause());
        if (Epoll.isAvailable()) {
            return new Transport(TransportKind.EPOLL, reason);
        }
        return new Transport(TransportKind.NIO,
                reason + "; epoll is not available: " + describe(Epoll.unavailabilityCause()));
    }

    private static void requireAvailable(String name, boolean available, @Nullable Throwable cause) {
        if (!available) {
            throw new IllegalStateException("transport " + name + " was requested but is not available: "
                    + describe(cause), cause);
        }
    }

    private static String describe(@Nullable Throwable cause) {
        return (cause != null) ? String.valueOf(cause.getMessage()) : "unknown reason";
    }

    /**
     * Logs, once per caller, which transport was taken and, after a fallback, why.
     * @param owner what the transport is for, e.g. "FalcoTCP server"
     */
    public void logSelection(String owner) {
        if (this.fallbackReason == null) {
            logger.info("{} uses the {} transport", owner, name());
        }
        else {
            logger.info("{} uses the {} transport ({})", owner, name(), this.fallbackReason);
        }
    }

    /**
     * Whether a server channel of this transport stops accepting while its auto-read is off, as the pause after a
     * failed accept needs: all but io_uring with multishot accept (turned on with
     * {@code -Dio.netty.iouring.acceptMultiShotEnabled=true}, or by Netty's io_uring loaded before this class).
     * @return {@code false} when a server would retry a failing accept in a busy loop
     */
    public boolean pausesAccepting() {
        return this.kind != TransportKind.IO_URING || !IoUring.isAcceptMultishotEnabled();
    }

    /**
     * The transport in use.
     * @return io_uring, epoll, NIO or local
     */
    public TransportKind kind() {
        return this.kind;
    }

    /**
     * Whether this is the in-process transport, whose channels have no socket and so no socket options.
     * @return {@code true} for {@link TransportKind#LOCAL}
     */
    public boolean isInProcess() {
        return this.kind == TransportKind.LOCAL;
    }

    /**
     * Name for logs and health: {@code io_uring}, {@code epoll}, {@code nio} or {@code local}.
     * @return the name
     */
    public String name() {
        return switch (this.kind) {
            case IO_URING -> "io_uring";
            case EPOLL -> "epoll";
            case LOCAL -> "local";
            default -> "nio";
        };
    }

    /**
     * Why the preferred transport was not taken, when {@link TransportKind#AUTO} fell back.
     * @return the reason or {@code null}
     */
    public @Nullable String fallbackReason() {
        return this.fallbackReason;
    }

    /**
     * Creates an event-loop group of this transport with daemon threads.
     * @param threads the number of event loops, 0 for Netty's default (twice the cores)
     * @param threadNamePrefix prefix of the event-loop threads' names
     * @return a new group; the caller shuts it down
     */
    public MultiThreadIoEventLoopGroup newEventLoopGroup(int threads, String threadNamePrefix) {
        return newEventLoopGroup(threads, threadNamePrefix, true);
    }

    /**
     * Creates an event-loop group of this transport.
     * @param threads the number of event loops, 0 for Netty's default (twice the cores)
     * @param threadNamePrefix prefix of the event-loop threads' names
     * @param daemon whether the threads are daemon threads; a group of non-daemon threads keeps the JVM running
     * until it is shut down
     * @return a new group; the caller shuts it down
     */
    public MultiThreadIoEventLoopGroup newEventLoopGroup(int threads, String threadNamePrefix, boolean daemon) {
        ThreadFactory threadFactory = new DefaultThreadFactory(threadNamePrefix, daemon);
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlerFactory());
    }

    private IoHandlerFactory ioHandlerFactory() {
        return switch (this.kind) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case LOCAL -> LocalIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
    }

    /**
     * The server channel class of this transport.
     * @return the class to give {@code ServerBootstrap.channel}
     */
    public Class<? extends ServerChannel> serverChannelClass() {
        return switch (this.kind) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case LOCAL -> LocalServerChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    /**
     * The client channel class of this transport: a socket channel, or {@code LocalChannel}.
     * @return the class to give {@code Bootstrap.channel}
     */
    public Class<? extends Channel> clientChannelClass() {
        return switch (this.kind) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case LOCAL -> LocalChannel.class;
            default -> NioSocketChannel.class;
        };
    }

    @Override
    public String toString() {
        return name();
    }

}
