package io.falcotcp.crypto;

/**
 * The keys and nonce bases of one session, one set per direction, as derived by {@link SessionKeySchedule}.
 * @param clientToServerKey key of the frames the client sends
 * @param serverToClientKey key of the frames the server sends
 * @param clientToServerNonceBase nonce base of the frames the client sends
 * @param serverToClientNonceBase nonce base of the frames the server sends
 */
public record SessionKeys(byte[] clientToServerKey, byte[] serverToClientKey, byte[] clientToServerNonceBase,
        byte[] serverToClientNonceBase) {
}
