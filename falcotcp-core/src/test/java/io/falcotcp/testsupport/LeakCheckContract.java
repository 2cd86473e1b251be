package io.falcotcp.testsupport;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that the Netty leak check of this test support runs in a module: a module's {@code LeakCheckTests} extends
 * this class. Every test class is watched, and a buffer dropped unreleased is reported, so a leak fails its class (as
 * {@code LeakCheckExtensionTests} proves in the core).
 */
public abstract class LeakCheckContract {

    @Test
    void thisClassIsWatchedByTheLeakCheck() {
        assertThat(NettyLeaks.watched()).isEqualTo(getClass().getSimpleName());
    }

    @Test
    void aBufferDroppedUnreleasedIsReported() throws InterruptedException {
        UnpooledByteBufAllocator.DEFAULT.directBuffer(16).writeLong(42);
        assertThat(NettyLeaks.collect()).singleElement().asString().contains("leaked");
    }

}
