package io.falcotcp.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One session frame as read from the wire, {@code ciphertext ‖ tag} after its length prefix, not opened yet: a
 * retained slice of the received bytes. Whoever consumes it releases it.
 */
public final class SessionFrame extends DefaultByteBufHolder {

    /**
     * Creates a frame.
     * @param sealed the sealed bytes; ownership passes to the frame
     */
    public SessionFrame(ByteBuf sealed) {
        super(sealed);
    }

}
