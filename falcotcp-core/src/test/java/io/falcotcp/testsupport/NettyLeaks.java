package io.falcotcp.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;

/**
 * The Netty buffer leaks that {@link RecordingLeakDetector} recorded, collected reliably: a canary buffer is dropped
 * unreleased and garbage is collected until the detector reports the canary, so every buffer that was unreachable
 * before it has been collected and reported too, however long the garbage collector takes on a busy machine.
 */
public final class NettyLeaks {

    /** How long the garbage collector may take to collect the canary before the check gives up. */
    static final Duration CANARY_TIMEOUT = Duration.ofSeconds(60);

    static final String CANARY = "falcotcp leak-check canary #";

    private static final AtomicLong canaries = new AtomicLong();

    private static volatile String watched = "";

    private NettyLeaks() {
    }

    /**
     * Checks that the leak detector is the recording one at the PARANOID level, and forgets earlier reports.
     * @param what what is about to run, for {@link #watched()}
     */
    public static void start(String what) {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new AssertionError("Netty's leak detection level is " + ResourceLeakDetector.getLevel()
                    + ", not PARANOID: the build must set io.netty.leakDetection.level=paranoid");
        }
        RecordingLeakDetector.leaks.clear();
        watched = what;
    }

    /**
     * What the leak check watches now, so that a module's tests can prove that its classes are checked.
     * @return the name given to the last {@link #start(String)}
     */
    public static String watched() {
        return watched;
    }

    /**
     * Fails when a buffer leaked since {@link #start(String)} (or the last check).
     * @param what what ran, for the message
     */
    public static void assertNone(String what) throws InterruptedException {
        List<String> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported while " + what + " ran:\n"
                    + String.join("\n", leaks));
        }
    }

    /**
     * Collects garbage until a canary dropped now is reported, then returns (and forgets) the other leak reports.
     * @return the leak reports, without the canary's
     */
    public static List<String> collect() throws InterruptedException {
        String canary = CANARY + canaries.incrementAndGet();
        dropCanary(canary);
        long deadline = System.nanoTime() + CANARY_TIMEOUT.toNanos();
        while (RecordingLeakDetector.leaks.stream().noneMatch((leak) -> leak.contains(canary))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the leak check's canary buffer was not collected within " + CANARY_TIMEOUT
                        + ": leaks cannot be ruled out (is a custom leak detector other than RecordingLeakDetector set?)");
            }
            System.gc();
            Thread.sleep(10);
            // leaks of collected buffers are reported when the detector next tracks a buffer
            touch(PooledByteBufAllocator.DEFAULT.directBuffer(1));
            touch(PooledByteBufAllocator.DEFAULT.heapBuffer(1));
            touch(UnpooledByteBufAllocator.DEFAULT.directBuffer(1));
            touch(UnpooledByteBufAllocator.DEFAULT.heapBuffer(1));
        }
        List<String> leaks = new ArrayList<>();
        for (String leak : RecordingLeakDetector.leaks) {
            if (!leak.contains(CANARY)) {
                leaks.add(leak);
            }
        }
        RecordingLeakDetector.leaks.clear();
        return leaks;
    }

    // a direct buffer: Netty 4.2 does not track unpooled heap buffers
    private static void dropCanary(String canary) {
        ByteBuf buffer = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
        buffer.touch(canary);
    }

    private static void touch(ByteBuf buffer) {
        buffer.release();
    }

}
