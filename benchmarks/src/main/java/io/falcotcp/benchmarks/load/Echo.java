package io.falcotcp.benchmarks.load;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Checks that an answer is the echo of its request, byte for byte.
 */
final class Echo {

    private Echo() {
    }

    /**
     * Compares an answer with the request it answers.
     * @param request the bytes sent
     * @param answer the bytes received
     * @return what is wrong with the answer, or {@code null} when it is the echo
     */
    static @Nullable String mismatch(byte[] request, byte[] answer) {
        if (answer.length != request.length) {
            return "bad echo: sent " + request.length + " bytes, got " + answer.length;
        }
        int at = Arrays.mismatch(request, answer);
        return (at < 0) ? null : "bad echo: the answer differs from the request from byte " + at + " on";
    }

}
