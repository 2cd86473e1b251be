package io.falcotcp.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mockito.Mockito;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the leak check can fail: a buffer dropped without release is reported.
 */
class LeakCheckExtensionTests {

    @Test
    void aBufferThatIsNeverReleasedFailsTheCheck() {
        allocateAndDrop();
        ExtensionContext context = Mockito.mock(ExtensionContext.class);
        Mockito.when(context.getDisplayName()).thenReturn("a leaking test");
        assertThatThrownBy(() -> new LeakCheckExtension().afterAll(context)).hasMessageContaining("leaked");
    }

    private static void allocateAndDrop() {
        ByteBuf leaked = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
        leaked.writeLong(42);
    }

}
