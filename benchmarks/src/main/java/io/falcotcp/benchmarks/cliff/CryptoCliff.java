package io.falcotcp.benchmarks.cliff;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import com.sun.management.OperatingSystemMXBean;
import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.CryptoWarmUp;
import io.falcotcp.protocol.PayloadCipher;
import io.falcotcp.protocol.ProtocolV1;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The crypto alone of {@link GcmCliff}, in CPU time of one thread, which other processes on a loaded machine do not
 * inflate: in a fresh JVM, optionally after {@link CryptoWarmUp}, one thread seals and opens v1 payloads as the
 * codecs do (heap plaintext, sealed bytes in the allocator's direct buffers), first many small ones, then large
 * ones. It prints how much more CPU time the first 100 large ones took than the last 100, and the warm-up's wall
 * clock and process CPU time, also as one JSON line. See "Large messages and the JIT" in {@code docs/benchmarks.md}.
 * Exit status 1 when a payload does not open, 2 for bad options.
 */
public final class CryptoCliff {

    private static final String USAGE = """
            java -cp benchmarks.jar io.falcotcp.benchmarks.cliff.CryptoCliff [options]
              --crypto-warm-up=true|false CryptoWarmUp first (default true)
              --small=BYTES               size of the small payloads (default 64)
              --small-count=N             how many small payloads first (default 100000)
              --large=BYTES               size of the large payloads (default 1048576)""";

    private static final int COUNTED = 100;

    private static final int LARGE_COUNT = 4 * COUNTED;

    private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private static final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean();

    private final PayloadCipher cipher = new PayloadCipher(FalcoKey.generate().newCipher(AeadEngine.JDK));

    private CryptoCliff() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(USAGE);
            return;
        }
        boolean warmUp = true;
        int small = 64;
        int smallCount = 100_000;
        int large = 1 << 20;
        try {
            for (String arg : args) {
                String[] option = arg.split("=", 2);
                if (option.length != 2) {
                    throw new IllegalArgumentException("'" + arg + "' is not of the form --name=value");
                }
                switch (option[0]) {
                    case "--crypto-warm-up" -> warmUp = Boolean.parseBoolean(option[1]);
                    case "--small" -> small = positive(option);
                    case "--small-count" -> smallCount = positive(option);
                    case "--large" -> large = positive(option);
                    default -> throw new IllegalArgumentException("unknown option " + option[0]);
                }
            }
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        try {
            new CryptoCliff().measure(warmUp, small, smallCount, large);
        }
        catch (IllegalStateException ex) {
            System.err.println("CryptoCliff: " + ex.getMessage());
            System.exit(1);
        }
    }

    private void measure(boolean warmUp, int small, int smallCount, int large) {
        long wallStart = System.nanoTime();
        long cpuStart = os.getProcessCpuTime();
        if (warmUp) {
            CryptoWarmUp.ensureWarm(AeadEngine.JDK);
        }
        long warmUpMillis = (System.nanoTime() - wallStart) / 1_000_000;
        long warmUpCpuMillis = (os.getProcessCpuTime() - cpuStart) / 1_000_000;
        byte[] smallPayload = payload(small);
        for (int i = 0; i < smallCount; i++) {
            sealAndOpen(smallPayload);
        }
        byte[] largePayload = payload(large);
        long[] cpu = new long[LARGE_COUNT];
        for (int i = 0; i < LARGE_COUNT; i++) {
            long start = threads.getCurrentThreadCpuTime();
            sealAndOpen(largePayload);
            cpu[i] = threads.getCurrentThreadCpuTime() - start;
        }
        long first = Arrays.stream(cpu, 0, COUNTED).sum();
        long last = Arrays.stream(cpu, LARGE_COUNT - COUNTED, LARGE_COUNT).sum();
        double slowdown = first / (double) last;
        System.out.printf(Locale.ROOT, "java %s, crypto warm-up %s (%d ms, %d ms of process CPU), %d payloads of %d B, "
                + "then %d of %d B: the first took %.1f ms of CPU, the first %d %.0f ms, the last %d %.0f ms: %.2f×%n",
                System.getProperty("java.version"), warmUp ? "on" : "off", warmUpMillis, warmUpCpuMillis, smallCount,
                small, LARGE_COUNT, large, cpu[0] / 1e6, COUNTED, first / 1e6, COUNTED, last / 1e6, slowdown);
        System.out.printf(Locale.ROOT, "{\"java\":\"%s\",\"crypto_warm_up\":%b,\"warm_up_ms\":%d,\"warm_up_cpu_ms\":%d,"
                + "\"small\":%d,\"small_count\":%d,\"large\":%d,\"first_cpu_ms\":%.2f,\"first_%d_cpu_ms\":%.1f,"
                + "\"last_%d_cpu_ms\":%.1f,\"cpu_slowdown\":%.2f}%n", System.getProperty("java.version"), warmUp,
                warmUpMillis, warmUpCpuMillis, small, smallCount, large, cpu[0] / 1e6, COUNTED, first / 1e6, COUNTED,
                last / 1e6, slowdown);
    }

    private void sealAndOpen(byte[] payload) {
        ByteBuf sealed = ByteBufAllocator.DEFAULT
            .ioBuffer(ProtocolV1.LENGTH_PREFIX + PayloadCipher.sealedLength(payload.length));
        try {
            this.cipher.sealLengthPrefixed(ByteBuffer.wrap(payload), sealed);
            sealed.skipBytes(ProtocolV1.LENGTH_PREFIX);
            if (this.cipher.open(sealed) == null) {
                throw new IllegalStateException("a payload of " + payload.length + " bytes did not open");
            }
        }
        finally {
            sealed.release();
        }
    }

    private static byte[] payload(int size) {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        return payload;
    }

    private static int positive(String[] option) {
        try {
            int value = Integer.parseInt(option[1].strip());
            if (value > 0) {
                return value;
            }
        }
        catch (NumberFormatException ex) {
            // explained below
        }
        throw new IllegalArgumentException(option[0] + " must be a positive whole number (got '" + option[1] + "')");
    }

}
