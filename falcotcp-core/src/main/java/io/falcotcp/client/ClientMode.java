package io.falcotcp.client;

/**
 * Which protocol a {@link FalcoTcpClient} speaks, and whether it accepts a server that answers its session hello as
 * plain FalcoTCP v1 (see "Modes" in {@code docs/security.md}).
 */
public enum ClientMode {

    /**
     * The session mode only (the default): forward secrecy, replay protection, routes and statuses. A server that
     * answers as plain v1, which an active attacker without the key can do as well, fails the connection with
     * {@link FalcoDowngradeException} before any request is written.
     */
    SESSION,

    /**
     * The session mode where the server offers it, plain v1 otherwise. Every connection that falls back is logged
     * as a warning and counted ({@link FalcoClientStats#downgrades()}): an active attacker can force the fallback,
     * and plain v1 has neither forward secrecy nor replay protection.
     */
    AUTO,

    /**
     * Plain FalcoTCP v1 only: the auth frame carries 128 random bytes and no session hello. For servers that speak
     * nothing else, such as the Rust and Python reference implementations.
     */
    V1

}
