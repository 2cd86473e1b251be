package io.falcotcp.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the leak check can fail: a buffer dropped without release is reported.
 */
class LeakCheckExtensionTests {

    @Test
    void aBufferThatIsNeverReleasedIsReported() throws InterruptedException {
        allocateAndDrop();
        // garbage collection may take several rounds to clear the dropped buffer on a busy machine
        assertThat(LeakCheckExtension.collectLeaks(250)).anySatisfy((leak) -> assertThat(leak).contains("leaked"));
    }

    private static void allocateAndDrop() {
        ByteBuf leaked = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
        leaked.writeLong(42);
    }

}
