package io.falcotcp.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * A v1 response as read by a client: the sealed payload {@code nonce ‖ ciphertext ‖ tag} after its length prefix,
 * or the empty response ({@code len = 0}) that means the server could not produce one.
 * <p>
 * The reader of a frame releases it.
 */
public final class ResponseFrame extends DefaultByteBufHolder {

    /** The empty response, {@code len = 0}; releasing it has no effect. */
    public static final ResponseFrame EMPTY = new ResponseFrame(Unpooled.EMPTY_BUFFER);

    /**
     * Creates a frame that holds a sealed payload.
     * @param sealed the {@code nonce ‖ ciphertext ‖ tag} bytes; the frame takes ownership
     */
    public ResponseFrame(ByteBuf sealed) {
        super(sealed);
    }

    /**
     * Whether this is the empty response: the server could not decrypt the request or its handler failed.
     * @return {@code true} for {@code len = 0}
     */
    public boolean isEmptyResponse() {
        return !content().isReadable();
    }

}
