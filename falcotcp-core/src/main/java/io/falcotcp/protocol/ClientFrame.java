package io.falcotcp.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A v1 frame sent by a client, as produced by {@link ClientFrameDecoder}.
 * <p>
 * {@link Auth} and {@link Message} hold a slice of the received bytes: whoever consumes them releases them.
 */
public sealed interface ClientFrame
        permits ClientFrame.Auth, ClientFrame.Message, ClientFrame.Ping, ClientFrame.Unknown {

    /**
     * Connection establishment ({@code 0x00}): the sealed 128 random bytes, {@code nonce ‖ ciphertext ‖ tag}.
     */
    final class Auth extends DefaultByteBufHolder implements ClientFrame {

        /**
         * Creates an auth frame.
         * @param sealed the 156 sealed bytes; ownership passes to the frame
         */
        public Auth(ByteBuf sealed) {
            super(sealed);
        }

    }

    /**
     * An encrypted request ({@code 0x01}): {@code nonce ‖ ciphertext ‖ tag}, or fewer than 28 bytes that can never
     * be opened.
     */
    final class Message extends DefaultByteBufHolder implements ClientFrame {

        /**
         * Creates a message frame.
         * @param sealed the {@code len} bytes after the length prefix; ownership passes to the frame
         */
        public Message(ByteBuf sealed) {
            super(sealed);
        }

    }

    /**
     * A ping ({@code 0x02}): keeps the connection alive, gets no response.
     */
    enum Ping implements ClientFrame {

        /** The only ping: it carries nothing. */
        INSTANCE

    }

    /**
     * A request type byte that v1 does not define; it is consumed alone.
     * @param type the byte
     */
    record Unknown(byte type) implements ClientFrame {
    }

}
