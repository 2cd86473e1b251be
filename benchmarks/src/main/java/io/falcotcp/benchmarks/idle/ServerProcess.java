package io.falcotcp.benchmarks.idle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.FalcoKey;

/**
 * An {@link IdleServer} in a JVM of its own, started by this process with the same {@code java} and class path,
 * and ended by this process only: by its {@code stop} command, and failing that by its own PID.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;

    private final PrintWriter commands;

    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private final Map<String, String> ready;

    private ServerProcess(Process process, FalcoKey key) throws IdleMeasurementException {
        this.process = process;
        this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII));
        send(HexFormat.of().formatHex(key.toByteArray()));
        Thread reader = new Thread(this::readAnswers, "idle-server-output");
        reader.setDaemon(true);
        reader.start();
        String first = next();
        if (!first.startsWith(IdleServer.READY + " ")) {
            throw new IdleMeasurementException("the server process did not start: " + first);
        }
        this.ready = fields(first);
    }

    /**
     * Starts a server process and waits until it listens.
     * @param javaOptions options of its JVM
     * @param transport its transport option
     * @param maxConnections its connection limit
     * @param seconds the bound of its life
     * @param key its key, handed over on its standard input
     * @return the running process
     */
    static ServerProcess start(List<String> javaOptions, String transport, int maxConnections, long seconds,
            FalcoKey key) throws IOException, IdleMeasurementException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(IdleServer.class.getName());
        command.add("--transport=" + transport);
        command.add("--max-connections=" + maxConnections);
        command.add("--seconds=" + seconds);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new ServerProcess(process, key);
        }
        catch (IdleMeasurementException | RuntimeException ex) {
            process.destroyForcibly();
            throw ex;
        }
    }

    int port() {
        return Integer.parseInt(this.ready.get("port"));
    }

    long pid() {
        return this.process.pid();
    }

    String description() {
        return "transport=" + this.ready.get("transport") + " java=" + this.ready.get("java");
    }

    /**
     * The server's connections now.
     * @return open and pending connections
     */
    Reading status() throws IdleMeasurementException {
        return Reading.parse(ask("status"));
    }

    /**
     * Forces full GCs in the server and reads its heap and resident size.
     * @return the reading
     */
    Reading measure() throws IdleMeasurementException {
        return Reading.parse(ask("measure"));
    }

    /**
     * Writes the server's class histogram to a file.
     * @param file where it goes
     */
    void histogram(Path file) throws IdleMeasurementException {
        String answer = ask("histogram " + file.toAbsolutePath());
        if (!answer.startsWith("written ")) {
            throw new IdleMeasurementException("the server could not write its class histogram: " + answer);
        }
    }

    /**
     * Waits until the server has exactly {@code open} connections and none in its handshake.
     * @param open the connections expected
     * @param timeout the longest wait
     */
    void awaitConnections(int open, Duration timeout) throws IdleMeasurementException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reading reading = status();
        while (reading.open() != open || reading.pending() != 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IdleMeasurementException("the server has " + reading.open() + " connections open and "
                        + reading.pending() + " in their handshake, not " + open + " established, after "
                        + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
            reading = status();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (this.process.isAlive()) {
            send("stop");
            this.commands.close();
            if (!this.process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
                this.process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** Ends the process by its PID at once; for a driver that is being stopped. */
    void kill() {
        this.process.destroyForcibly();
    }

    private String ask(String command) throws IdleMeasurementException {
        send(command);
        return next();
    }

    private void send(String line) {
        this.commands.println(line);
        this.commands.flush();
    }

    private String next() throws IdleMeasurementException {
        String answer;
        try {
            answer = this.answers.poll(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IdleMeasurementException("interrupted while waiting for the server process");
        }
        if (answer == null) {
            throw new IdleMeasurementException("the server process (pid " + pid() + ") did not answer within "
                    + ANSWER_TIMEOUT.toSeconds() + " s" + (this.process.isAlive() ? "" : "; it has exited"));
        }
        if (answer.startsWith("failed")) {
            throw new IdleMeasurementException("the server process: " + answer);
        }
        return answer;
    }

    private void readAnswers() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(this.process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                this.answers.add(line);
            }
        }
        catch (IOException ex) {
            // the process ended: next() says so
        }
        this.answers.add("failed: the server process ended (exit status "
                + (this.process.isAlive() ? "unknown" : this.process.exitValue()) + ")");
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String field : line.split(" ")) {
            int equals = field.indexOf('=');
            if (equals > 0) {
                fields.put(field.substring(0, equals), field.substring(equals + 1));
            }
        }
        return fields;
    }

    /**
     * What the server reported.
     * @param open its open connections
     * @param pending those of them still in their handshake
     * @param heap heap bytes used after GC, {@code -1} when not measured
     * @param resident resident bytes of the process, {@code -1} when not measured or not known
     */
    record Reading(int open, int pending, long heap, long resident) {

        static Reading parse(String line) {
            Map<String, String> fields = fields(line);
            return new Reading(Integer.parseInt(fields.get("open")), Integer.parseInt(fields.get("pending")),
                    Long.parseLong(fields.getOrDefault("heap", "-1")),
                    Long.parseLong(fields.getOrDefault("rss", "-1")));
        }

    }

}
