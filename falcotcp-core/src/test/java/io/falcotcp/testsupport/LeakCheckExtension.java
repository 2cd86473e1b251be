package io.falcotcp.testsupport;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test class when Netty reported a buffer leak while it ran. Registered for every test class through
 * JUnit's extension auto-detection; the surefire configuration sets the PARANOID level and
 * {@link RecordingLeakDetector}.
 */
public class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        assertThat(ResourceLeakDetector.getLevel()).as("leak detection level").isEqualTo(ResourceLeakDetector.Level.PARANOID);
        RecordingLeakDetector.leaks.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> leaks = collectLeaks(5);
        assertThat(leaks).as("Netty buffer leaks reported while " + context.getDisplayName() + " ran").isEmpty();
    }

    /**
     * Collects garbage and returns (and forgets) the leaks reported so far.
     * @param rounds how many garbage collections to try while nothing is reported
     * @return the leak reports
     */
    public static List<String> collectLeaks(int rounds) throws InterruptedException {
        for (int round = 0; round < rounds && RecordingLeakDetector.leaks.isEmpty(); round++) {
            System.gc();
            Thread.sleep(20);
            // leaks of collected buffers are reported when the detector next tracks a buffer
            touch(PooledByteBufAllocator.DEFAULT.directBuffer(1));
            touch(PooledByteBufAllocator.DEFAULT.heapBuffer(1));
            touch(UnpooledByteBufAllocator.DEFAULT.directBuffer(1));
            touch(UnpooledByteBufAllocator.DEFAULT.heapBuffer(1));
        }
        List<String> leaks = new ArrayList<>(RecordingLeakDetector.leaks);
        RecordingLeakDetector.leaks.clear();
        return leaks;
    }

    private static void touch(ByteBuf buffer) {
        buffer.release();
    }

}
