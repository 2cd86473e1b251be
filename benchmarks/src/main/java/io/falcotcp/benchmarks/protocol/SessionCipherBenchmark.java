package io.falcotcp.benchmarks.protocol;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.SessionCipher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seals and opens session frames ({@code ciphertext ‖ tag} under counter nonces) at the {@link SessionCipher}
 * level, as the session codec does per frame: sealed into a pooled direct buffer, opened into a heap buffer.
 * {@code sealAndOpenAfterRelease} measures the first frame of a connection that was idle long enough to drop its
 * ciphers, which both directions then create again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionCipherBenchmark {

    private static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    @Param({ "JDK", "BOUNCY_CASTLE" })
    public AeadEngine engine = AeadEngine.DEFAULT;

    @Param({ "64", "1024", "16384" })
    public int size;

    // assigned in setUp, which JMH runs before any benchmark method
    private byte[] payload;

    private SessionCipher sealer;

    private SessionCipher opener;

    /**
     * Creates one direction's sealer and opener under the same key and nonce base, and the payload.
     */
    @Setup
    public void setUp() {
        this.payload = new byte[this.size];
        new Random(42).nextBytes(this.payload);
        byte[] key = FalcoKey.generate().toByteArray();
        byte[] nonceBase = new byte[ProtocolV1.NONCE_LENGTH];
        new Random(7).nextBytes(nonceBase);
        this.sealer = new SessionCipher(this.engine, key, nonceBase);
        this.opener = new SessionCipher(this.engine, key, nonceBase);
    }

    /**
     * Seals a frame and opens it under the next counter of each side.
     * @return the plaintext length, so that the work is not eliminated
     */
    @Benchmark
    public int sealAndOpen() {
        ByteBuf sealed = ALLOCATOR.directBuffer(this.size + ProtocolV1.TAG_LENGTH);
        ByteBuf plaintext = ALLOCATOR.heapBuffer(this.size);
        try {
            this.sealer.seal(ByteBuffer.wrap(this.payload), sealed);
            if (!this.opener.open(sealed, plaintext)) {
                throw new IllegalStateException("a sealed frame did not open");
            }
            return plaintext.readableBytes();
        }
        finally {
            sealed.release();
            plaintext.release();
        }
    }

    /**
     * Drops both sides' ciphers, then seals and opens a frame, which creates them again.
     * @return the plaintext length, so that the work is not eliminated
     */
    @Benchmark
    public int sealAndOpenAfterRelease() {
        this.sealer.release();
        this.opener.release();
        return sealAndOpen();
    }

}
