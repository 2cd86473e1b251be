package io.falcotcp.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a JUnit Jupiter test class when Netty reported a buffer leak while it ran. Registered for every test class of
 * every module through JUnit's extension auto-detection ({@code META-INF/services} of this module's test jar); the
 * surefire configuration sets the PARANOID level and {@link RecordingLeakDetector}. {@link LeakCheckHook} does the
 * same for jqwik properties.
 */
public class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        NettyLeaks.start(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        NettyLeaks.assertNone(context.getDisplayName());
    }

}
