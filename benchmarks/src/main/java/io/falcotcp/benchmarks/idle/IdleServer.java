package io.falcotcp.benchmarks.idle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.ObjectName;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.FalcoServerStats;
import io.falcotcp.transport.TransportKind;

/**
 * The server process of {@link IdleConnections}: a FalcoTCP echo server on 127.0.0.1 and a random port, driven by
 * one-line commands on its standard input and answering each with one line on its standard output.
 * <p>
 * The first input line is the key (hex; never on the command line, where other users could read it). Commands:
 * {@code status} (open and pending connections), {@code measure} (the same, then heap used after forced full GCs
 * and VmRSS), {@code histogram FILE} (the class histogram, as {@code jcmd GC.class_histogram} prints it) and
 * {@code stop}. The end of its input stops it too, so a driver that dies takes its server with it, and the process
 * ends by itself after {@code --seconds} whatever happens.
 * <p>
 * Arguments: {@code --transport=auto|io_uring|epoll|nio --max-connections=N --seconds=S}. The lifetime of a
 * connection is an hour, so that idle connections stay without pings.
 */
public final class IdleServer {

    static final String READY = "ready";

    private static final Duration LIFETIME = Duration.ofHours(1);

    private static final int MAX_GCS = 5;

    private static final long SETTLED_BYTES = 64 * 1024;

    private IdleServer() {
    }

    public static void main(String[] args) throws IOException {
        TransportKind transport = TransportKind.AUTO;
        int maxConnections = 20_000;
        long seconds = 1800;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--transport=")) {
                transport = TransportKind.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            else if (arg.startsWith("--max-connections=")) {
                maxConnections = Integer.parseInt(value);
            }
            else if (arg.startsWith("--seconds=")) {
                seconds = Long.parseLong(value);
            }
            else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        exitAfter(seconds);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String keyLine = in.readLine();
        if (keyLine == null) {
            return;
        }
        PrintStream out = System.out;
        try (FalcoServer server = FalcoServer.builder().key(FalcoKey.fromHex(keyLine.strip())).host("127.0.0.1")
            .port(0).transport(transport).maxConnections(maxConnections).timeout(LIFETIME)
            .handler((request, context) -> request).build()) {
            server.start();
            out.println(READY + " port=" + server.port() + " pid=" + ProcessHandle.current().pid() + " transport="
                    + server.transport().name() + " java=" + System.getProperty("java.version"));
            out.flush();
            String command;
            while ((command = in.readLine()) != null && !command.equals("stop")) {
                out.println(answer(command, server.stats()));
                out.flush();
            }
        }
        System.exit(0);
    }

    private static String answer(String command, FalcoServerStats stats) {
        if (command.equals("status")) {
            return connections(stats);
        }
        if (command.equals("measure")) {
            long heap = heapAfterGc();
            return connections(stats) + " heap=" + heap + " rss=" + residentBytes();
        }
        if (command.startsWith("histogram ")) {
            Path file = Path.of(command.substring("histogram ".length()));
            try {
                Files.writeString(file, classHistogram());
                return "written " + file;
            }
            catch (IOException | JMException ex) {
                return "failed " + ex;
            }
        }
        return "failed unknown command " + command;
    }

    private static String connections(FalcoServerStats stats) {
        return "open=" + stats.activeConnections() + " pending=" + stats.pendingHandshakes();
    }

    /** Heap used after full GCs, repeated until the figure settles (reference processing can free more). */
    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < MAX_GCS; i++) {
            memory.gc();
            used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < SETTLED_BYTES) {
                break;
            }
            previous = used;
        }
        return used;
    }

    private static long residentBytes() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : status) {
                if (line.startsWith("VmRSS:")) {
                    String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return Long.parseLong(fields[0]) * 1024;
                }
            }
        }
        catch (IOException ex) {
            // not Linux: no resident size to report
        }
        return -1;
    }

    private static String classHistogram() throws JMException {
        Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] { new String[0] }, new String[] { String[].class.getName() });
        return String.valueOf(histogram);
    }

    private static void exitAfter(long seconds) {
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(seconds);
                System.err.println("IdleServer: stopping after its " + seconds + " s bound");
                Runtime.getRuntime().halt(3);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, "idle-server-bound");
        watchdog.setDaemon(true);
        watchdog.start();
    }

}
