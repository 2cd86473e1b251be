package io.falcotcp.spring;

import io.falcotcp.testsupport.NettyLeaks;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Netty leak check of the core's test support runs in this module too: every test class is watched, and a buffer
 * dropped unreleased is reported (so a leak fails its class, as {@code LeakCheckExtensionTests} proves in the core).
 */
class LeakCheckTests {

    @Test
    void thisClassIsWatchedByTheLeakCheck() {
        assertThat(NettyLeaks.watched()).isEqualTo(LeakCheckTests.class.getSimpleName());
    }

    @Test
    void aBufferDroppedUnreleasedIsReported() throws InterruptedException {
        UnpooledByteBufAllocator.DEFAULT.directBuffer(16).writeLong(42);
        assertThat(NettyLeaks.collect()).singleElement().asString().contains("leaked");
    }

}
