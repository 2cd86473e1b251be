package io.falcotcp.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes and reads a request's metadata block: {@code count: u8 ‖ (keyLength: u8 ‖ key ‖ valueLength: u16 ‖
 * value)*} ("Request metadata" in {@code docs/protocol.md}). Reading checks the whole block, its count, lengths,
 * key characters and text, before it allocates anything.
 */
final class MetadataBlock {

    private MetadataBlock() {
    }

    /**
     * Writes non-empty metadata.
     * @param metadata the metadata, whose limits its builder checked
     * @param out where the bytes go
     */
    static void write(Metadata metadata, ByteBuf out) {
        out.writeByte(metadata.size());
        for (int i = 0; i < metadata.size(); i++) {
            String key = metadata.key(i);
            out.writeByte(key.length());
            out.writeCharSequence(key, StandardCharsets.US_ASCII);
            int lengthAt = out.writerIndex();
            out.writeShort(0);
            int written = out.writeCharSequence(metadata.value(i), StandardCharsets.UTF_8);
            out.setShort(lengthAt, written);
        }
    }

    /**
     * Reads a metadata block.
     * @param in the plaintext, positioned at the block
     * @return the metadata, never empty
     * @throws SessionProtocolException when the block is truncated, breaks a limit, has an invalid key, a value that
     *     is not valid UTF-8 or has a control character, or a key twice
     */
    static Metadata read(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (start == end) {
            throw malformed("a truncated metadata block");
        }
        int count = in.getUnsignedByte(start);
        if (count == 0 || count > Metadata.MAX_ENTRIES) {
            throw malformed("a metadata block of " + count + " entries (1 to " + Metadata.MAX_ENTRIES + ")");
        }
        // first pass: every length and byte is checked before a string is made
        int offset = start + 1;
        for (int i = 0; i < count; i++) {
            if (offset + 1 > end) {
                throw malformed("a truncated metadata block");
            }
            int keyLength = in.getUnsignedByte(offset++);
            if (keyLength == 0 || keyLength > Metadata.MAX_KEY_LENGTH) {
                throw malformed("a metadata key of " + keyLength + " bytes (1 to " + Metadata.MAX_KEY_LENGTH + ")");
            }
            if (offset + keyLength + Short.BYTES > end) {
                throw malformed("a truncated metadata block");
            }
            for (int at = offset; at < offset + keyLength; at++) {
                if (!Metadata.isKeyByte(in.getByte(at))) {
                    throw malformed("a metadata key with a byte outside a-z 0-9 - _ .");
                }
            }
            offset += keyLength;
            int valueLength = in.getUnsignedShort(offset);
            offset += Short.BYTES;
            if (offset + valueLength - start > Metadata.MAX_ENCODED_LENGTH) {
                throw malformed("a metadata block above " + Metadata.MAX_ENCODED_LENGTH + " bytes");
            }
            if (offset + valueLength > end) {
                throw malformed("a truncated metadata block");
            }
            for (int at = offset; at < offset + valueLength; at++) {
                if (Metadata.isControl(in.getByte(at) & 0xFF)) {
                    throw malformed("a metadata value with a control character");
                }
            }
            if (!ByteBufUtil.isText(in, offset, valueLength, StandardCharsets.UTF_8)) {
                throw malformed("a metadata value that is not valid UTF-8");
            }
            offset += valueLength;
        }
        String[] keys = new String[count];
        String[] values = new String[count];
        in.skipBytes(1);
        for (int i = 0; i < count; i++) {
            int keyLength = in.readUnsignedByte();
            keys[i] = in.readCharSequence(keyLength, StandardCharsets.US_ASCII).toString();
            int valueLength = in.readUnsignedShort();
            values[i] = in.readCharSequence(valueLength, StandardCharsets.UTF_8).toString();
        }
        return Metadata.received(keys, values, offset - start);
    }

    private static SessionProtocolException malformed(String what) {
        return new SessionProtocolException("a session frame carried " + what);
    }

}
