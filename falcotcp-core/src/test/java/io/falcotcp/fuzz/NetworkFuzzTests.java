package io.falcotcp.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.FalcoServerStats;
import io.falcotcp.testsupport.NettyLeaks;
import io.falcotcp.transport.TransportKind;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Network fuzzing of a real server: many connections over 127.0.0.1, each with one scenario of random and mutated
 * frames (before authentication, plain v1, session mode), built by hand from the protocol document. Afterwards the
 * server must still answer fresh clients in both modes, and be back where it started: no connection open, no
 * buffer leak reported at PARANOID, no warning logged, open file descriptors and heap back to their baseline.
 * <p>
 * The seed is logged first; {@code -Dfalcotcp.fuzz.seed=<seed>} reruns a run. {@code -Dfalcotcp.fuzz.frames=<n>}
 * sets how many frames are sent in all, shared among the transports (default 50,000; the long run in
 * {@code docs/security.md} sends 1,000,000).
 */
class NetworkFuzzTests {

    private static final Logger logger = LoggerFactory.getLogger(NetworkFuzzTests.class);

    private static final long SEED = Long.getLong("falcotcp.fuzz.seed", new SecureRandom().nextLong());

    private static final long FRAMES = Long.getLong("falcotcp.fuzz.frames", 50_000);

    private static final int TRANSPORTS = 3;

    /** Frames of the warm-up run. */
    private static final long WARM_UP_FRAMES = 2_000;

    private static final int MAX_FRAME_SIZE = 64 * 1024;

    /**
     * Handshake timeout and lifetime: they close the stalled connections, and a frame that must close a connection
     * has to do so in half that time.
     */
    private static final Duration SERVER_TIMERS = Duration.ofSeconds(6);

    /** How long closed connections may take to be released. */
    private static final Duration SETTLE_TIME = Duration.ofSeconds(10);

    /**
     * Heap that may stay in use after a run beyond the baseline: room for a pooled buffer chunk more than the
     * warm-up needed (runs stay within 1 MiB). A leak of 1 KiB per connection exceeds it in the long run; a leaked
     * buffer is reported by the leak detector.
     */
    private static final long HEAP_MARGIN = 8 * 1024 * 1024;


    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TransportKind.class, names = { "IO_URING", "EPOLL", "NIO" })
    @Timeout(value = 1, unit = TimeUnit.HOURS) // each run bounds itself: see FuzzRun.deadline()
    void serverSurvivesRandomAndMutatedFramesInBothModes(TransportKind transport) throws Exception {
        assumeTrue(isAvailable(transport), transport + " is not available here");
        assumeTrue(ProcessResources.canListOpenFiles(), "open files cannot be listed here");
        logger.info("Network fuzz on {} with seed {} (rerun with -Dfalcotcp.fuzz.seed={}): {} frames", transport,
                SEED, SEED, String.format("%,d", FRAMES / TRANSPORTS));
        Random random = new Random(SEED);
        byte[] keyBytes = new byte[32];
        random.nextBytes(keyBytes);
        FalcoKey key = FalcoKey.of(keyBytes);
        HoldingEchoHandler handler = new HoldingEchoHandler();
        FalcoServer server = FalcoServer.builder().key(key).host("127.0.0.1").port(0).transport(transport)
            .handler(handler).handlerThreads(16).eventLoopThreads(2).maxFrameSize(MAX_FRAME_SIZE).compression(true)
            .handshakeTimeout(SERVER_TIMERS).timeout(SERVER_TIMERS).shutdownGracePeriod(Duration.ofSeconds(2))
            .build();
        server.start();
        try (LoggedWarnings warnings = LoggedWarnings.record()) {
            FuzzTarget target = new FuzzTarget(server.port(), key, MAX_FRAME_SIZE, SERVER_TIMERS, handler);
            warmUp(target, server.stats());
            List<String> filesBefore = ProcessResources.openFiles();
            long heapBefore = ProcessResources.heapUsedAfterGc();
            FuzzTally tally = fuzz(target, random);
            assertAnswersFreshClients(target, random);
            awaitNoConnections(server.stats());
            assertThat(handler.unreleased()).as("held requests never released").isZero();
            assertThat(NettyLeaks.collect()).as("buffer leaks").isEmpty();
            List<String> filesAfter = awaitOpenFiles(filesBefore.size());
            long heapAfter = ProcessResources.heapUsedAfterGc();
            logger.info("Network fuzz on {} with seed {}: {}\n{}open files: {} before, {} after; heap after GC: {} KiB "
                    + "before, {} KiB after", transport, SEED, describe(server.stats()), tally.describe(),
                    filesBefore.size(), filesAfter.size(), heapBefore / 1024, heapAfter / 1024);
            assertThat(filesAfter.size()).as("open files after the run, beyond the baseline: %s",
                    beyond(filesAfter, filesBefore)).isLessThanOrEqualTo(filesBefore.size());
            assertThat(heapAfter - heapBefore).as("heap in use after GC, beyond the baseline").isLessThan(HEAP_MARGIN);
            assertThat(warnings.warnings()).as("warnings and errors logged during the run").isEmpty();
        }
        finally {
            server.stop();
        }
    }

    /** A short run first, so that the baseline already holds what the server and the JVM allocate once. */
    private static void warmUp(FuzzTarget target, FalcoServerStats stats) throws InterruptedException {
        new FuzzRun(FuzzRun.mix(SEED), WARM_UP_FRAMES, target).run();
        awaitNoConnections(stats);
        // the leak check allocates from the pooled allocators too: its buffers belong in the baseline
        assertThat(NettyLeaks.collect()).as("buffer leaks of the warm-up").isEmpty();
    }

    /** The run, with connections stalled alongside it that the server must close on its timers. */
    private static FuzzTally fuzz(FuzzTarget target, Random random) throws IOException, InterruptedException {
        try (StalledConnections stalled = StalledConnections.open(target, random)) {
            FuzzTally tally = new FuzzRun(SEED, FRAMES / TRANSPORTS, target).run();
            stalled.expectClosedByServer(SERVER_TIMERS, tally);
            return tally;
        }
    }

    private static boolean isAvailable(TransportKind transport) {
        return switch (transport) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            default -> true;
        };
    }

    /** A client written from the protocol document still gets its echo in both modes. */
    private static void assertAnswersFreshClients(FuzzTarget target, Random random) throws IOException {
        byte[] key = target.keyBytes();
        byte[] body = "still answering".getBytes(StandardCharsets.UTF_8);
        try (WireConnection connection = WireConnection.open(target.port())) {
            connection.write(V1Wire.concat(V1Wire.authFrame(key, random), V1Wire.message(key, body, random)));
            assertThat(connection.readUnsignedByte()).isEqualTo(0xFF);
            assertThat(V1Wire.open(key, connection.readExactly((int) connection.readLong()))).isEqualTo(body);
        }
        try (WireConnection connection = WireConnection.open(target.port())) {
            SessionWire session = SessionWire.handshake(connection, target.key(), false, Scenario.EMPTY);
            connection.write(V1Wire.concat(session.frame(SessionWire.request(7, 0, Scenario.EMPTY, body)),
                    session.frame(SessionWire.ping())));
            List<SessionWire.ServerFrame> frames = List.of(session.read(connection), session.read(connection));
            assertThat(frames).contains(SessionWire.ServerFrame.Pong.INSTANCE)
                .anySatisfy((frame) -> assertThat(frame).isInstanceOfSatisfying(SessionWire.ServerFrame.Response.class,
                        (response) -> assertThat(response.body()).isEqualTo(body)));
        }
    }

    private static void awaitNoConnections(FalcoServerStats stats) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIME.toNanos();
        while (stats.activeConnections() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(stats.activeConnections() + " connections still open " + SETTLE_TIME
                        + " after the run");
            }
            Thread.sleep(20);
        }
    }

    private static List<String> awaitOpenFiles(int baseline) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIME.toNanos();
        List<String> files = ProcessResources.openFiles();
        while (files.size() > baseline && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            files = ProcessResources.openFiles();
        }
        return files;
    }

    private static List<String> beyond(List<String> after, List<String> before) {
        List<String> extra = new ArrayList<>(after);
        before.forEach(extra::remove);
        return extra;
    }

    private static String describe(FalcoServerStats stats) {
        return String.format("%,d connections accepted, %,d authentication failures, %,d oversized frames, "
                + "%,d requests, %,d decrypt failures, %,d session protocol errors", stats.acceptedConnections(),
                stats.authenticationFailures(), stats.oversizedFrames(), stats.requests(), stats.decryptFailures(),
                stats.sessionProtocolErrors());
    }

}
