package io.falcotcp.benchmarks.cliff;

import io.falcotcp.benchmarks.protocol.FrameCodecBenchmark;
import io.falcotcp.protocol.CryptoWarmUp;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link FrameCodecBenchmark} in a JVM whose crypto first ran {@link CryptoWarmUp}, as a server's and a client's
 * do; see {@link WarmedAeadEngineBenchmark}.
 */
public class WarmedFrameCodecBenchmark extends FrameCodecBenchmark {

    /**
     * Runs the crypto warm-up of the engine, before JMH's own warm-up iterations.
     */
    @Setup(Level.Trial)
    public void warmUpCrypto() {
        CryptoWarmUp.ensureWarm(this.engine);
    }

}
