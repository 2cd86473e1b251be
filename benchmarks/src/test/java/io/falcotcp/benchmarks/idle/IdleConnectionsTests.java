package io.falcotcp.benchmarks.idle;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdleConnections}: a short measurement of both modes against real server processes on 127.0.0.1,
 * and the options.
 */
class IdleConnectionsTests {

    @Test
    void eachModeIsMeasuredAtEachCountInAServerProcessOfItsOwn(@TempDir Path histograms) throws Exception {
        Invocation invocation = run("--counts=20,40", "--warmup=10", "--settle=0", "--histogram=40",
                "--out=" + histograms, "--server-java-options=-Xmx64m", "--client-threads=2", "--per-address=15");
        assertThat(invocation.status).as(invocation.err).isZero();
        assertThat(invocation.out).contains("v1: server pid ", "session: server pid ",
                "v1: baseline after 10 connections opened and closed", "session: 40 connections: heap ");
        assertThat(invocation.out.lines().filter((line) -> line.startsWith("| ")).toList()).hasSize(5)
            .anyMatch((row) -> row.startsWith("| plain v1 | 20 | "))
            .anyMatch((row) -> row.startsWith("| plain v1 | 40 | "))
            .anyMatch((row) -> row.startsWith("| session | 20 | "))
            .anyMatch((row) -> row.startsWith("| session | 40 | "));
        for (String name : List.of("idle-v1-0", "idle-v1-40", "idle-session-0", "idle-session-40")) {
            assertThat(Files.readString(histograms.resolve(name + ".histogram.txt")))
                .contains("io.netty.channel.DefaultChannelPipeline");
        }
    }

    @Test
    void defaultsMeasureBothModesUpTo19000AfterAsManyConnectionsOpenedAndClosed() {
        IdleOptions options = IdleOptions.parse(List.of());
        assertThat(options.modes()).containsExactly(IdleMode.V1, IdleMode.SESSION);
        assertThat(options.counts()).containsExactly(5000, 10000, 19000);
        assertThat(options.warmup()).isEqualTo(19000);
        assertThat(options.settle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.serverJavaOptions()).containsExactly("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");
        assertThat(options.histogram()).isNull();
    }

    @Test
    void badOptionsExitWithStatusTwoNamingTheOption() throws Exception {
        assertThat(refused("--counts=100,50")).contains("--counts must be ascending");
        assertThat(refused("--counts=20000")).contains("--counts must be between 1 and 19500");
        assertThat(refused("--counts=10,20", "--histogram=15")).contains("--histogram must be one of the counts");
        assertThat(refused("--mode=tls")).contains("--mode is v1, session or both");
        assertThat(refused("--connections=5")).contains("unknown option --connections");
    }

    private static String refused(String... args) throws InterruptedException {
        Invocation invocation = run(args);
        assertThat(invocation.status).as(invocation.out).isEqualTo(2);
        return invocation.err;
    }

    private static Invocation run(String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = IdleConnections.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Invocation(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Invocation(int status, String out, String err) {
    }

}
