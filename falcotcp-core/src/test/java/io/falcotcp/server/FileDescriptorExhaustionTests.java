package io.falcotcp.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.transport.Transport;
import io.falcotcp.transport.TransportKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server that runs out of file descriptors pauses accepting instead of retrying in a loop, logs the failures at
 * a bounded rate, and serves again once clients leave. The server runs in a child JVM under {@code ulimit -n 256},
 * so that this JVM keeps its descriptors.
 */
class FileDescriptorExhaustionTests {

    private static final int FILE_LIMIT = 256;

    /** More than fit under the limit, fewer than the listen backlog holds. */
    private static final int CLIENTS = FILE_LIMIT + 100;

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Long enough that a retry loop would show in CPU time and in the log (Netty's own pause logs once a second). */
    private static final Duration EXHAUSTED = Duration.ofSeconds(4);

    private final FalcoKey key = FalcoKey.generate();

    @ParameterizedTest
    @EnumSource(value = TransportKind.class, names = { "IO_URING", "EPOLL", "NIO" })
    @Timeout(120)
    void aServerOutOfFileDescriptorsNeitherSpinsNorFloodsItsLogAndServesOnceClientsLeave(TransportKind transport)
            throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash to lower the file limit");
        assumeTrue(isAvailable(transport), () -> transport + " is not available here");
        try (ChildServer server = ChildServer.start(transport, this.key)) {
            assertThat(server.output()).anySatisfy((line) -> assertThat(line)
                .contains("FileDescriptorLimit", "falco.server.max-connections", "ulimit -n", String.valueOf(FILE_LIMIT)));
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    Socket socket = new Socket();
                    clients.add(socket);
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port), 5000);
                }
                server.awaitLine((line) -> line.contains("failed to accept connections"));
                Duration cpuBefore = server.cpuTime();
                Thread.sleep(EXHAUSTED.toMillis());
                Duration cpu = server.cpuTime().minus(cpuBefore);
                // a spinning accept loop burns about a second of CPU per second; a paused one almost nothing
                assertThat(cpu).isLessThan(EXHAUSTED.dividedBy(4));
                assertThat(server.output().stream().filter((line) -> line.contains("Too many open files")))
                    .hasSizeBetween(1, 2);
            }
            finally {
                for (Socket socket : clients) {
                    socket.close();
                }
            }
            try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port).key(this.key)
                .connectTimeout(WAIT).requestTimeout(WAIT).build()) {
                assertThat(client.request("hello".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(server.output()).noneMatch((line) -> line.contains("LEAK"));
        }
    }

    private static boolean isAvailable(TransportKind transport) {
        try {
            Transport.select(transport);
            return true;
        }
        catch (IllegalStateException ex) {
            return false;
        }
    }

    /**
     * {@link FileLimitedServer} in a child JVM under the file limit.
     */
    private static final class ChildServer implements AutoCloseable {

        private final Process process;

        private final List<String> output = new ArrayList<>();

        private final int port;

        private ChildServer(Process process) throws InterruptedException {
            this.process = process;
            Thread reader = new Thread(this::readOutput, "child-server-output");
            reader.setDaemon(true);
            reader.start();
            String ready = awaitLine((line) -> line.startsWith("ready "));
            this.port = Integer.parseInt(ready.substring("ready ".length()));
        }

        static ChildServer start(TransportKind transport, FalcoKey key) throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // bash passes its arguments on with "$@", so that none of them is parsed by a shell
            ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", "ulimit -n " + FILE_LIMIT + " && exec \"$@\"",
                    "bash", java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m",
                    "-Dio.netty.leakDetection.level=paranoid", "-cp", System.getProperty("java.class.path"),
                    FileLimitedServer.class.getName(), transport.name(), HexFormat.of().formatHex(key.toByteArray()))
                .redirectErrorStream(true);
            return new ChildServer(builder.start());
        }

        private void readOutput() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (this.output) {
                        this.output.add(line);
                        this.output.notifyAll();
                    }
                }
            }
            catch (IOException ex) {
                // the child is gone
            }
        }

        String awaitLine(Predicate<String> condition) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            synchronized (this.output) {
                while (true) {
                    for (String line : this.output) {
                        if (condition.test(line)) {
                            return line;
                        }
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0 || !this.process.isAlive()) {
                        throw new AssertionError("the child server did not log the expected line within " + WAIT
                                + "; its output:\n" + String.join("\n", this.output));
                    }
                    TimeUnit.NANOSECONDS.timedWait(this.output, remaining);
                }
            }
        }

        List<String> output() {
            synchronized (this.output) {
                return List.copyOf(this.output);
            }
        }

        Duration cpuTime() {
            return this.process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new AssertionError("the CPU time of the child server is not available"));
        }

        @Override
        public void close() throws InterruptedException, IOException {
            this.process.getOutputStream().close();
            if (!this.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }

    }

}
