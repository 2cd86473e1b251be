package io.falcotcp.benchmarks.idle;

import java.util.Locale;

/**
 * How the idle connections authenticate: plain FalcoTCP v1, or the session mode.
 */
enum IdleMode {

    /** Plain v1: the auth frame, {@code 0xFF}, and nothing more. */
    V1,

    /** The session mode: the hello, the server's reply, and the first session frame (a ping) answered by a pong. */
    SESSION;

    String option() {
        return name().toLowerCase(Locale.ROOT);
    }

}
