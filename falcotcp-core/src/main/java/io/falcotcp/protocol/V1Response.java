package io.falcotcp.protocol;

import org.jspecify.annotations.Nullable;

/**
 * A plain v1 response, before it is sealed (server) or after it was opened (client).
 * @param body the plaintext; {@code null} for the empty response ({@code len = 0}): the server could not produce one
 */
public record V1Response(byte @Nullable [] body) {

    /** The empty response. */
    public static final V1Response EMPTY = new V1Response(null);

}
