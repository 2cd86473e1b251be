package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.crypto.SessionKeySchedule;
import io.falcotcp.crypto.SessionKeys;
import io.falcotcp.crypto.X25519KeyPair;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the crypto of the connections once per JVM and engine before the first connection: seals and opens a fixed
 * number of payloads of 64 B to 1 MiB through {@link PayloadCipher} and {@link SessionCipher}, with buffers of the
 * connections' allocator as the codecs do (plaintext on the heap, sealed bytes in direct memory), under throwaway
 * keys, after one session key exchange.
 * <p>
 * HotSpot uses its AES and GHASH intrinsics only in code C2 compiled, and C2 compiles a method after thousands of
 * calls, for the paths its profile has seen: a server whose first messages are small and then large runs the
 * first large ones at a fraction of the speed (the JIT cliff of {@code docs/benchmarks.md}). The warm-up makes
 * those calls, most of them small and cheap, with every size in between. It is bounded by work, not by time, so
 * that a loaded machine gets the same profile as an idle one.
 * <p>
 * Running it before the port is bound also loads the JDK's crypto policy and opens the entropy sources while file
 * descriptors can still be opened: a JDK that fails to load them (out of descriptors at the first handshake)
 * cannot encrypt for the rest of its life.
 * <p>
 * The work runs on a short-lived thread of its own, so that the calling thread keeps no per-thread state of it
 * (such as a nonce generator), and every buffer it takes goes back to the allocator.
 */
public final class CryptoWarmUp {

    private static final Logger logger = LoggerFactory.getLogger(CryptoWarmUp.class);

    /**
     * How many payloads the mix seals and opens in each protocol: a count rather than a time, so that a loaded
     * machine gets the same JIT profile as an idle one, only later. Enough for C2 to compile the JDK's AES-GCM
     * paths of small messages (thousands of calls each), few enough not to delay a start noticeably (measured in
     * {@code docs/benchmarks.md}).
     */
    static final int MESSAGES = 4096;

    /** The sizes of most messages, in turn: cheap calls that run the compilers' counters up. */
    private static final int[] SMALL_SIZES = { 64, 1024 };

    private static final int MEDIUM_SIZE = 16 * 1024;

    /** Every 8th message is of {@link #MEDIUM_SIZE}. */
    private static final int MEDIUM_EVERY = 8;

    private static final int[] LARGE_SIZES = { 64 * 1024, 256 * 1024, 1024 * 1024 };

    /**
     * Every 128th message is a large one, enough for every size to be in the profile the compilers work from: most
     * of the warm-up's time goes to them.
     */
    private static final int LARGE_EVERY = 128;

    /** The fewest payloads of a warm-up: one round in which every size occurs. */
    static final int ROUND = LARGE_EVERY * LARGE_SIZES.length;

    private static final int LARGEST = LARGE_SIZES[LARGE_SIZES.length - 1];

    /** The connections' allocator: its code paths for large buffers are compiled with the crypto's. */
    private static final ByteBufAllocator ALLOCATOR = ByteBufAllocator.DEFAULT;

    private static final Set<AeadEngine> warmEngines = EnumSet.noneOf(AeadEngine.class);

    private CryptoWarmUp() {
    }

    /**
     * Warms the crypto of an engine up unless this JVM already did, and waits until it is done.
     * @param engine the engine the connections use
     * @throws IllegalStateException when a payload the engine sealed does not open: the engine is broken
     */
    public static void ensureWarm(AeadEngine engine) {
        synchronized (warmEngines) {
            if (warmEngines.contains(engine)) {
                return;
            }
            run(engine, MESSAGES);
            warmEngines.add(engine);
        }
    }

    /**
     * Runs the warm-up of one engine on a thread of its own, waits for it and logs what it did at debug level.
     * @param engine the engine
     * @param messages how many payloads to seal and open in each protocol, at least {@link #ROUND}
     * @return what was done
     */
    static Result run(AeadEngine engine, int messages) {
        if (messages < ROUND) {
            throw new IllegalArgumentException("a warm-up seals at least " + ROUND + " payloads, not " + messages);
        }
        FutureTask<Result> warmUp = new FutureTask<>(() -> new Mix(engine).run(messages));
        Thread thread = new Thread(warmUp, "falcotcp-crypto-warm-up");
        thread.setDaemon(true);
        thread.start();
        joinUninterruptibly(thread);
        Result result;
        try {
            result = warmUp.get();
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("the FalcoTCP crypto warm-up of the " + engine + " engine failed", cause);
        }
        catch (InterruptedException ex) {
            // the task is done: get() does not wait
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted after the FalcoTCP crypto warm-up", ex);
        }
        logger.debug("FalcoTCP crypto warm-up of the {} engine: {} payloads of 64 B to {} KiB sealed and opened in {} "
                + "ms", engine, result.messages(), result.largest() / 1024, result.elapsed().toMillis());
        return result;
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            }
            catch (InterruptedException ex) {
                // the warm-up is bounded in work: let it finish, then restore the interrupt
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What a warm-up did.
     * @param engine the engine it ran
     * @param messages payloads sealed and opened
     * @param largest the largest payload, in bytes
     * @param elapsed how long it took
     */
    record Result(AeadEngine engine, long messages, int largest, Duration elapsed) {
    }

    /**
     * The ciphers and the plaintext of one warm-up.
     */
    private static final class Mix {

        private final AeadEngine engine;

        private final PayloadCipher payloadCipher;

        private final SessionCipher sealer;

        private final SessionCipher opener;

        private final byte[] plaintext = new byte[LARGEST];

        Mix(AeadEngine engine) {
            this.engine = engine;
            // throwaway keys: the warm-up never touches the application's key
            FalcoKey key = FalcoKey.generate();
            this.payloadCipher = new PayloadCipher(key.newCipher(engine));
            SessionKeys keys = exchangeKeys(key);
            this.sealer = new SessionCipher(engine, keys.clientToServerKey(), keys.clientToServerNonceBase());
            this.opener = new SessionCipher(engine, keys.clientToServerKey(), keys.clientToServerNonceBase());
            new Random(0).nextBytes(this.plaintext);
        }

        Result run(int messages) {
            long start = System.nanoTime();
            for (int message = 0; message < messages; message++) {
                int size = sizeOf(message);
                sealAndOpenV1(size);
                sealAndOpenSession(size);
            }
            return new Result(this.engine, 2L * messages, LARGEST, Duration.ofNanos(System.nanoTime() - start));
        }

        private static int sizeOf(int message) {
            if ((message + 1) % LARGE_EVERY == 0) {
                return LARGE_SIZES[(message / LARGE_EVERY) % LARGE_SIZES.length];
            }
            return ((message + 1) % MEDIUM_EVERY == 0) ? MEDIUM_SIZE : SMALL_SIZES[message % SMALL_SIZES.length];
        }

        private void sealAndOpenV1(int size) {
            ByteBuf sealed = ALLOCATOR.ioBuffer(ProtocolV1.LENGTH_PREFIX + PayloadCipher.sealedLength(size));
            try {
                this.payloadCipher.sealLengthPrefixed(ByteBuffer.wrap(this.plaintext, 0, size), sealed);
                sealed.skipBytes(ProtocolV1.LENGTH_PREFIX);
                if (this.payloadCipher.open(sealed) == null) {
                    throw brokenEngine();
                }
            }
            finally {
                sealed.release();
            }
        }

        private void sealAndOpenSession(int size) {
            ByteBuf sealed = ALLOCATOR.ioBuffer(size + ProtocolV1.TAG_LENGTH);
            ByteBuf opened = ALLOCATOR.heapBuffer(size);
            try {
                this.sealer.seal(ByteBuffer.wrap(this.plaintext, 0, size), sealed);
                if (!this.opener.open(sealed, opened)) {
                    throw brokenEngine();
                }
            }
            finally {
                sealed.release();
                opened.release();
            }
        }

        private IllegalStateException brokenEngine() {
            return new IllegalStateException("the " + this.engine + " AES-GCM engine did not open what it sealed "
                    + "during the FalcoTCP crypto warm-up; choose another engine (cryptoEngine, "
                    + "falco.server.crypto-engine or falco.client.crypto-engine)");
        }

        private static SessionKeys exchangeKeys(FalcoKey key) {
            X25519KeyPair client = X25519KeyPair.generate();
            X25519KeyPair server = X25519KeyPair.generate();
            byte[] shared = client.agree(server.publicKey());
            if (shared == null) {
                throw new IllegalStateException("the X25519 exchange of the FalcoTCP crypto warm-up failed");
            }
            // any randoms and transcript will do for keys that are thrown away
            byte[] random = new byte[32];
            return SessionKeySchedule.derive(SessionHandshake.VERSION, key, shared, random, random,
                    SessionKeySchedule.sha256(random));
        }

    }

}
