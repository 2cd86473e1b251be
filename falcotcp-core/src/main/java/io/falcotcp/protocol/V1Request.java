package io.falcotcp.protocol;

import org.jspecify.annotations.Nullable;

/**
 * A plain v1 request as opened by the server: its plaintext, or none when the payload did not open (it is then
 * answered with the empty response).
 * @param body the plaintext, owned by whoever handles it; {@code null} when the payload did not authenticate or was
 *     shorter than 28 bytes
 */
public record V1Request(byte @Nullable [] body) {
}
