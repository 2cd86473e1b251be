package io.falcotcp.testsupport;

import java.util.HexFormat;

/**
 * The session-mode test vectors of {@code docs/protocol.md} ("Test vectors"): one version-2 handshake with fixed
 * keys, randoms and nonces, the session keys it gives and the first two frames each way. Computed with a third
 * implementation (Python's cryptography package, on OpenSSL) from the document, not with this project's code.
 */
public final class SessionTestVectors {

    /** The pre-shared key. */
    public static final byte[] PSK = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    /** The client's ephemeral X25519 private key (RFC 7748, section 6.1: Alice's). */
    public static final byte[] CLIENT_PRIVATE_KEY =
            hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

    /** Its public key. */
    public static final byte[] CLIENT_PUBLIC_KEY =
            hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    /** The server's ephemeral X25519 private key (RFC 7748, section 6.1: Bob's). */
    public static final byte[] SERVER_PRIVATE_KEY =
            hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");

    /** Its public key. */
    public static final byte[] SERVER_PUBLIC_KEY =
            hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

    /** X25519 of either private key with the other public key. */
    public static final byte[] SHARED_SECRET = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    /** The client random. */
    public static final byte[] CLIENT_RANDOM = hex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");

    /** The server random. */
    public static final byte[] SERVER_RANDOM = hex("404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f");

    /** The nonce of the auth frame. */
    public static final byte[] AUTH_NONCE = hex("606162636465666768696a6b");

    /** The nonce of the server reply. */
    public static final byte[] REPLY_NONCE = hex("707172737475767778797a7b");

    /** The 128-byte hello: features 0x02, clock 1767225600000 (2026-01-01T00:00:00Z), 1 MiB decompression limit, zero padding. */
    public static final byte[] HELLO =
            hex("46616c636f5365730202202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f8520f0098930"
            + "a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a0000019b76daa8000010000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000000");

    /** The 157-byte auth frame carrying the hello. */
    public static final byte[] AUTH_FRAME =
            hex("00606162636465666768696a6bacbaf736d413e61c7e14d90a50aee5660052a1a0ae4f1ef48d8eb05d4ec1c33d84ae00"
            + "c19e30299b051e6ed5eeda149a227cdc3454a146f791ccb1c2de69ab68a0e5e262b3f4b062a4185be7ad8897d78ebf6d"
            + "f0418842fd106f0a2b9b7d7a46646d9c00d66662cd86aa8fb833ddf6c97ee34c471fd635d3d6d1471baf5bd1c5f167e5"
            + "a8444a4901f5ce31f4a683476f");

    /** The 114-byte reply plaintext: features 0x02, 256 in flight, 16 MiB frames, 1 MiB decompression limit, 3600 s key lifetime. */
    public static final byte[] REPLY_PLAINTEXT =
            hex("0202404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5fde9edb7d7b7dc1b4d35b61c2ece4"
            + "35373f8343c85b78674dadfc7e146f882b4f00000100010000000010000000000e102ab425bbc2313109fa7ab0960a0b"
            + "6cbccc00bf811689c4d0f7d5c75349384930");

    /** The 143-byte server reply. */
    public static final byte[] REPLY =
            hex("fe707172737475767778797a7b1585fa66f18ad871026d7e9b9b0bfd9ae37895dc56c818eff3d9611d1eec4a633149a4"
            + "4f10a54d435055a0245340040dcdca8fc8bdd45ccf2b88ad11910fcec51e9447ae49a55e460ac39067ac80f0b20c11a9"
            + "79dcb21f86276ad8082d6f23322d94565f0d4b34adb1d991a90818e3e4ed51af3c406189ab75b3efb0f75c86b65608");

    /** SHA-256(auth frame ‖ reply). */
    public static final byte[] TRANSCRIPT = hex("65bce9f5dfd347c5fcd05fbee421482b9969c58743e4833007a393fb511f09a4");

    /** okm[0..32). */
    public static final byte[] CLIENT_TO_SERVER_KEY =
            hex("578dd48c0147020db68939698e322807c6f2fd0f3dfe0c56eaacd15b3976672f");

    /** okm[32..64). */
    public static final byte[] SERVER_TO_CLIENT_KEY =
            hex("48aea49f0d613cd3fe00960643ac80c5cb3de26438a04904e48c7d653c4dd8b2");

    /** okm[64..76). */
    public static final byte[] CLIENT_TO_SERVER_NONCE_BASE = hex("63199a18c9e722262b13c629");

    /** okm[76..88). */
    public static final byte[] SERVER_TO_CLIENT_NONCE_BASE = hex("61ab879c0cae79bc89e34ced");

    /** The client's first frame, a ping (counter 0). */
    public static final byte[] CLIENT_PING_FRAME = hex("00000011e3f5eaf35788b32674f6d244705ba2783f");

    /** Its second frame (counter 1): request id 1, route "echo", body "hello". */
    public static final byte[] CLIENT_REQUEST_FRAME =
            hex("000000202ddfab5954c451c86e35ac97f37750162a1963c6aebead271b3191c8e3411ee1");

    /** The server's first frame, a pong (counter 0). */
    public static final byte[] SERVER_PONG_FRAME = hex("0000001198c0ebb84c2f38cfd2cc3522cd296e4f72");

    /** Its second frame (counter 1): response id 1, status OK, no message, body "hello". */
    public static final byte[] SERVER_RESPONSE_FRAME =
            hex("0000001e2a33bb321e5b36ea274675ec7d241193fc21d3efdc2ef1feb623b91cc400");

    private SessionTestVectors() {
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

}
