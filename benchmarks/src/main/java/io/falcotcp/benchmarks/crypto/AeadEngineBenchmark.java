package io.falcotcp.benchmarks.crypto;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.PayloadCipher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Seals and opens payloads with each {@link AeadEngine} the way a connection does: through {@link PayloadCipher},
 * into and out of pooled direct buffers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AeadEngineBenchmark {

    private static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    @Param({ "JDK", "BOUNCY_CASTLE" })
    public AeadEngine engine = AeadEngine.DEFAULT;

    @Param({ "64", "1024", "16384", "1048576" })
    public int size;

    // assigned in setUp, which JMH runs before any benchmark method
    private byte[] plaintext;

    private PayloadCipher cipher;

    private ByteBuf sealed;

    /**
     * Creates the cipher, the plaintext and one sealed payload to open.
     */
    @Setup(Level.Trial)
    public void setUp() {
        this.plaintext = new byte[this.size];
        new Random(42).nextBytes(this.plaintext);
        this.cipher = new PayloadCipher(FalcoKey.generate().newCipher(this.engine));
        this.sealed = ALLOCATOR.directBuffer(PayloadCipher.sealedLength(this.size));
        this.cipher.seal(ByteBuffer.wrap(this.plaintext), this.sealed);
    }

    /**
     * Releases the sealed payload.
     */
    @TearDown(Level.Trial)
    public void tearDown() {
        this.sealed.release();
    }

    /**
     * Seals the plaintext into a freshly allocated pooled direct buffer, as a response is written.
     * @return the sealed length, so that the work is not eliminated
     */
    @Benchmark
    public int encrypt() {
        ByteBuf out = ALLOCATOR.directBuffer(PayloadCipher.sealedLength(this.size));
        try {
            this.cipher.seal(ByteBuffer.wrap(this.plaintext), out);
            return out.getInt(out.writerIndex() - Integer.BYTES);
        }
        finally {
            out.release();
        }
    }

    /**
     * Opens a sealed payload held in a pooled direct buffer, as a request is read.
     * @return the plaintext
     */
    @Benchmark
    public byte @Nullable [] decrypt() {
        return this.cipher.open(this.sealed);
    }

    /**
     * Seals then opens, one message's worth of crypto at both ends of a link.
     * @return the plaintext
     */
    @Benchmark
    public byte @Nullable [] sealAndOpen() {
        ByteBuf out = ALLOCATOR.directBuffer(PayloadCipher.sealedLength(this.size));
        try {
            this.cipher.seal(ByteBuffer.wrap(this.plaintext), out);
            return this.cipher.open(out);
        }
        finally {
            out.release();
        }
    }

}
