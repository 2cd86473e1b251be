package io.falcotcp.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty leak detector for tests: records every leak report so that {@link LeakCheckExtension} can fail the test
 * class that caused it. Installed with {@code -Dio.netty.customResourceLeakDetector}.
 * @param <T> the tracked resource type
 */
public class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    static final List<String> leaks = new CopyOnWriteArrayList<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    // Netty's factory looks this constructor up too, and logs an error when it is missing
    @SuppressWarnings("deprecation")
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        leaks.add(resourceType + " leaked:" + records);
        // the leak check's own canary is expected: not logged, so that tests of logged errors do not see it
        if (!records.contains(NettyLeaks.CANARY)) {
            super.reportTracedLeak(resourceType, records);
        }
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        leaks.add(resourceType + " leaked (untraced)");
        super.reportUntracedLeak(resourceType);
    }

}
