package io.falcotcp.benchmarks.cliff;

import io.falcotcp.benchmarks.crypto.AeadEngineBenchmark;
import io.falcotcp.protocol.CryptoWarmUp;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link AeadEngineBenchmark} in a JVM whose crypto first ran {@link CryptoWarmUp}, as a server's and a client's
 * do: run next to {@code AeadEngineBenchmark}, each in its own fork, it shows whether compiling the AES-GCM code for
 * every message size costs the messages of one size anything.
 */
public class WarmedAeadEngineBenchmark extends AeadEngineBenchmark {

    /**
     * Runs the crypto warm-up of the engine, before JMH's own warm-up iterations.
     */
    @Setup(Level.Trial)
    public void warmUpCrypto() {
        CryptoWarmUp.ensureWarm(this.engine);
    }

}
