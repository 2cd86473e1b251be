package io.falcotcp.crypto;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NonceSource}.
 */
class NonceSourceTests {

    private static final int DRAWS = 10_000;

    @Test
    void successiveNoncesAreDistinct() {
        Set<ByteBuffer> nonces = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            nonces.add(draw());
        }
        assertThat(nonces).hasSize(DRAWS);
    }

    @Test
    void noncesDrawnOnDifferentThreadsAreDistinct() throws Exception {
        int threads = 4;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<ByteBuffer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(executor.submit(() -> {
                    List<ByteBuffer> nonces = new ArrayList<>(DRAWS);
                    for (int i = 0; i < DRAWS; i++) {
                        nonces.add(draw());
                    }
                    return nonces;
                }));
            }
            Set<ByteBuffer> all = new HashSet<>();
            for (Future<List<ByteBuffer>> result : results) {
                all.addAll(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(threads * DRAWS);
        }
        finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void twelveBytesAreWrittenAtTheOffsetAndNothingElse() {
        byte[] target = new byte[40];
        boolean sawNonZero = false;
        for (int i = 0; i < 100 && !sawNonZero; i++) {
            NonceSource.next(target, 7);
            for (int j = 7; j < 19; j++) {
                sawNonZero |= target[j] != 0;
            }
        }
        assertThat(sawNonZero).isTrue();
        for (int j = 0; j < target.length; j++) {
            if (j < 7 || j >= 19) {
                assertThat(target[j]).as("byte %d", j).isZero();
            }
        }
    }

    private static ByteBuffer draw() {
        byte[] nonce = new byte[AeadCipher.NONCE_LENGTH];
        NonceSource.next(nonce, 0);
        return ByteBuffer.wrap(nonce);
    }

}
