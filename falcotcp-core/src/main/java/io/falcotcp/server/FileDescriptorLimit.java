package io.falcotcp.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import com.sun.management.UnixOperatingSystemMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's limit of open files ({@code ulimit -n}) as the JVM reports it on Unix, against which a server's
 * {@code maxConnections} is checked: every connection is a file descriptor.
 */
final class FileDescriptorLimit {

    /**
     * Files left for the JVM and the application beyond those open when the server starts: class files, logs, the
     * sockets of clients, databases and an HTTP server.
     */
    static final int HEADROOM = 100;

    private static final Logger logger = LoggerFactory.getLogger(FileDescriptorLimit.class);

    private FileDescriptorLimit() {
    }

    /**
     * The most files the process may open.
     * @return the limit, or -1 where the JVM does not report it
     */
    static long max() {
        return (os() instanceof UnixOperatingSystemMXBean unix) ? unix.getMaxFileDescriptorCount() : -1;
    }

    /**
     * Logs a warning when {@code maxConnections} connections do not fit in the file limit, after the files open now
     * and {@link #HEADROOM}.
     * @param maxConnections the connections the server allows
     */
    static void warnIfExceeded(int maxConnections) {
        if (!(os() instanceof UnixOperatingSystemMXBean unix)) {
            return;
        }
        long max = unix.getMaxFileDescriptorCount();
        long open = unix.getOpenFileDescriptorCount();
        long room = max - open - HEADROOM;
        if (maxConnections > room) {
            logger.warn("FalcoTCP server allows {} connections (maxConnections, falco.server.max-connections in "
                    + "Spring Boot), but the process may open only {} files (ulimit -n), {} of them open now: keeping "
                    + "{} for the JVM and the application, {} connections fit. Beyond that, accepting fails until "
                    + "connections close; raise the limit (ulimit -n, LimitNOFILE in a systemd unit) or lower "
                    + "maxConnections", maxConnections, max, open, HEADROOM, Math.max(room, 0));
        }
    }

    private static OperatingSystemMXBean os() {
        return ManagementFactory.getOperatingSystemMXBean();
    }

}
