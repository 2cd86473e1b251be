package io.falcotcp.sample;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app as an operator runs it, in a process of its own, stopped with SIGTERM while 32 plain v1 clients
 * keep one request each in flight: every request it answers is answered whole, each client's connection ends with
 * end-of-stream and never with a reset, and the last request of each was either answered or never processed.
 */
class SigtermUnderLoadTests {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private static final Pattern LISTENING = Pattern.compile("FalcoTCP server listening on /127\\.0\\.0\\.1:(\\d+)");

    private static final int CLIENTS = 32;

    @Test
    void sigtermUnderLoadGivesNoResetAndLosesNoResponse() throws Exception {
        // the sample's own client calls its server, so the server needs a port known before it starts
        int falcoPort = TestSocketUtils.findAvailableTcpPort();
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SampleApplication.class.getName(), "--server.port=0",
                "--falco.server.port=" + falcoPort, "--falco.server.host=127.0.0.1", "--falco.server.key=" + KEY,
                "--spring.main.banner-mode=off")
            .redirectErrorStream(true)
            .start();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        try {
            CompletableFuture<Integer> listening = new CompletableFuture<>();
            clients.execute(() -> readLog(app, listening));
            assertThat(listening.get(60, TimeUnit.SECONDS)).isEqualTo(falcoPort);
            AtomicInteger answered = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<CompletableFuture<Void>> ends = new ArrayList<>();
            CompletableFuture<Void> allRunning = new CompletableFuture<>();
            AtomicInteger running = new AtomicInteger();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                ends.add(CompletableFuture.runAsync(() -> {
                    try (SpecV1Client connection = SpecV1Client.connect(falcoPort, KEY)) {
                        for (int n = 0; ; n++) {
                            byte[] request = ("client " + client + " request " + n).getBytes(StandardCharsets.UTF_8);
                            byte[] response;
                            try {
                                response = connection.request(request);
                            }
                            catch (EOFException ex) {
                                // end-of-stream: the server stopped, and this request was never processed
                                return;
                            }
                            assertThat(response).isEqualTo(request);
                            answered.incrementAndGet();
                            if (n == 10 && running.incrementAndGet() == CLIENTS) {
                                allRunning.complete(null);
                            }
                        }
                    }
                    catch (Throwable ex) {
                        // a reset ("Connection reset") or a wrong answer
                        failure.compareAndSet(null, ex);
                        allRunning.complete(null);
                    }
                }, clients));
            }
            allRunning.get(60, TimeUnit.SECONDS);
            assertThat(failure.get()).isNull();
            app.destroy();
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(failure.get()).as("a client saw a reset or a wrong answer").isNull();
            assertThat(answered.get()).isGreaterThanOrEqualTo(11 * CLIENTS);
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        finally {
            app.destroyForcibly();
            clients.shutdownNow();
        }
    }

    private static void readLog(Process app, CompletableFuture<Integer> port) {
        try (BufferedReader log = new BufferedReader(new InputStreamReader(app.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = log.readLine()) != null) {
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(1)));
                }
            }
            port.completeExceptionally(new IllegalStateException("the sample app ended before it listened"));
        }
        catch (IOException ex) {
            port.completeExceptionally(ex);
        }
    }

}
