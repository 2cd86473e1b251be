package io.falcotcp.protocol.v02;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One FalcoTCP 0.2 frame as read: its compression and its payload ({@code nonce ‖ ciphertext ‖ tag}), a retained
 * slice of the received bytes that whoever reads the frame last releases.
 */
public final class V02Frame extends DefaultByteBufHolder {

    private final V02Compression compression;

    /**
     * Creates a frame.
     * @param compression the header's compression
     * @param payload the sealed payload, owned by the frame
     */
    public V02Frame(V02Compression compression, ByteBuf payload) {
        super(payload);
        this.compression = compression;
    }

    /**
     * The compression the sender applied before sealing.
     * @return the compression
     */
    public V02Compression compression() {
        return this.compression;
    }

}
