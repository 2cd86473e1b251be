package io.falcotcp.benchmarks.protocol;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.ProtocolV1;
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
 * Encodes and decodes whole v1 responses ({@code u64 len ‖ nonce ‖ ciphertext ‖ tag}) at the
 * {@link PayloadCipher} level: what the server's encoder and the client's decoder do per message, minus the
 * channel pipeline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameCodecBenchmark {

    private static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    @Param({ "JDK", "BOUNCY_CASTLE" })
    public AeadEngine engine = AeadEngine.DEFAULT;

    @Param({ "64", "1024", "16384", "1048576" })
    public int size;

    // assigned in setUp, which JMH runs before any benchmark method
    private byte[] payload;

    private PayloadCipher cipher;

    private ByteBuf response;

    /**
     * Creates the cipher, the payload and one encoded response to decode.
     */
    @Setup(Level.Trial)
    public void setUp() {
        this.payload = new byte[this.size];
        new Random(42).nextBytes(this.payload);
        this.cipher = new PayloadCipher(FalcoKey.generate().newCipher(this.engine));
        this.response = ALLOCATOR.directBuffer(encodedLength());
        this.cipher.sealLengthPrefixed(ByteBuffer.wrap(this.payload), this.response);
    }

    /**
     * Releases the encoded response.
     */
    @TearDown(Level.Trial)
    public void tearDown() {
        this.response.release();
    }

    /**
     * Encodes a response into a pooled direct buffer sized up front, as the server's encoder does.
     * @return the encoded length, so that the work is not eliminated
     */
    @Benchmark
    public int encodeResponse() {
        ByteBuf out = ALLOCATOR.directBuffer(encodedLength());
        try {
            this.cipher.sealLengthPrefixed(ByteBuffer.wrap(this.payload), out);
            return out.getInt(out.writerIndex() - Integer.BYTES);
        }
        finally {
            out.release();
        }
    }

    /**
     * Decodes a response as the client does: reads the length, checks it against the frame limit, takes the sealed
     * bytes as a retained slice of the inbound buffer and opens them.
     * @return the payload, or {@code null} if it did not open
     */
    @Benchmark
    public byte @Nullable [] decodeResponse() {
        ByteBuf in = this.response.duplicate();
        long length = in.readLong();
        if (length < ProtocolV1.SEAL_OVERHEAD || length > ProtocolV1.DEFAULT_MAX_FRAME_SIZE
                || length > in.readableBytes()) {
            throw new IllegalStateException("the encoded response is malformed");
        }
        ByteBuf sealed = in.readRetainedSlice((int) length);
        try {
            return this.cipher.open(sealed);
        }
        finally {
            sealed.release();
        }
    }

    private int encodedLength() {
        return ProtocolV1.LENGTH_PREFIX + PayloadCipher.sealedLength(this.size);
    }

}
