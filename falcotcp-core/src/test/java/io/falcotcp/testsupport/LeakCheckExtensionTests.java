package io.falcotcp.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import net.jqwik.api.Example;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Proves that the leak check fails a class: test classes that drop a buffer unreleased, run by a launcher of their
 * own, fail as a class (JUnit Jupiter through {@link LeakCheckExtension}, jqwik through {@link LeakCheckHook}), and a
 * class that releases what it allocates does not.
 */
class LeakCheckExtensionTests {

    @Test
    void aBufferThatIsNeverReleasedIsReported() throws InterruptedException {
        allocateAndDrop();
        assertThat(NettyLeaks.collect()).anySatisfy((leak) -> assertThat(leak).contains("leaked"));
    }

    @Test
    void jupiterClassThatLeaksFailsAfterItsTestsPassed() {
        List<String> results = run(LeakingJupiterClass.class);
        assertThat(results).contains("test leaksABuffer: SUCCESSFUL")
            .anySatisfy((result) -> assertThat(result).startsWith("class LeakingJupiterClass: FAILED")
                .contains("1 Netty buffer leak(s) reported while LeakCheckExtensionTests$LeakingJupiterClass ran"));
    }

    @Test
    void jupiterClassThatReleasesItsBuffersPasses() {
        assertThat(run(CleanJupiterClass.class)).contains("test releasesItsBuffer: SUCCESSFUL",
                "class CleanJupiterClass: SUCCESSFUL");
    }

    @Test
    void jqwikClassThatLeaksFailsAfterItsExamplesPassed() {
        List<String> results = run(LeakingJqwikClass.class);
        assertThat(results).contains("test leaksABuffer: SUCCESSFUL")
            .anySatisfy((result) -> assertThat(result).startsWith("class LeakingJqwikClass: FAILED")
                .contains("1 Netty buffer leak(s) reported while LeakCheckExtensionTests.LeakingJqwikClass ran"));
    }

    private static List<String> run(Class<?> testClass) {
        List<String> results = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request().selectors(selectClass(testClass)).build(), new TestExecutionListener() {

            @Override
            public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
                Optional<Throwable> failure = result.getThrowable();
                String outcome = ": " + result.getStatus() + failure.map((ex) -> " " + ex.getMessage()).orElse("");
                if (identifier.isTest()) {
                    results.add("test " + identifier.getDisplayName().replaceAll("\\(.*\\)$", "") + outcome);
                }
                else if (identifier.getSource().filter(ClassSource.class::isInstance)
                    .map((source) -> ((ClassSource) source).getJavaClass())
                    .filter(testClass::equals)
                    .isPresent()) {
                    results.add("class " + testClass.getSimpleName() + outcome);
                }
            }

        });
        return results;
    }

    private static void allocateAndDrop() {
        ByteBuf leaked = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
        leaked.writeLong(42);
    }

    // not run by the build (surefire leaves nested classes alone): only through run(...)
    static class LeakingJupiterClass {

        @Test
        void leaksABuffer() {
            allocateAndDrop();
        }

    }

    static class CleanJupiterClass {

        @Test
        void releasesItsBuffer() {
            UnpooledByteBufAllocator.DEFAULT.directBuffer(16).release();
        }

    }

    static class LeakingJqwikClass {

        @Example
        void leaksABuffer() {
            allocateAndDrop();
        }

    }

}
