package io.falcotcp.protocol;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.testsupport.NettyLeaks;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CryptoWarmUp}. How long the JIT needs is measured by the benchmarks' {@code GcmCliff}, not here.
 */
class CryptoWarmUpTests {

    @ParameterizedTest
    @EnumSource(AeadEngine.class)
    void sealsAndOpensEverySizeUpTo1MiBWithTheEngineItIsGiven(AeadEngine engine) {
        CryptoWarmUp.Result result = CryptoWarmUp.run(engine, CryptoWarmUp.ROUND);
        assertThat(result.engine()).isEqualTo(engine);
        assertThat(result.largest()).isEqualTo(1024 * 1024);
        // one round: 128 payloads per large size, each sealed and opened as v1 and as session
        assertThat(result.messages()).isEqualTo(2 * 128 * 3);
    }

    @Test
    void doesTheWorkItIsGivenHoweverLongItTakes() {
        CryptoWarmUp.Result result = CryptoWarmUp.run(AeadEngine.JDK, CryptoWarmUp.ROUND + 5);
        // each payload sealed and opened as v1 and as session, however long the machine takes for them
        assertThat(result.messages()).isEqualTo(2 * (CryptoWarmUp.ROUND + 5));
    }

    @Test
    void aStartWarmsUpWithThousandsOfPayloads() {
        // C2 compiles a method after thousands of calls: fewer would leave the small messages' paths to C1
        assertThat(CryptoWarmUp.MESSAGES).isGreaterThanOrEqualTo(4096);
    }

    @Test
    void refusesLessThanARoundOfEverySize() {
        assertThatIllegalArgumentException().isThrownBy(() -> CryptoWarmUp.run(AeadEngine.JDK, CryptoWarmUp.ROUND - 1))
            .withMessageContaining("at least " + CryptoWarmUp.ROUND);
    }

    @Test
    void leavesNoThreadAndNoBufferBehind() throws InterruptedException {
        CryptoWarmUp.run(AeadEngine.JDK, CryptoWarmUp.ROUND);
        assertThat(Thread.getAllStackTraces().keySet())
            .noneMatch((thread) -> thread.getName().equals("falcotcp-crypto-warm-up"));
        assertThat(NettyLeaks.collect()).isEmpty();
    }

    @Test
    void keepsTheCallersInterrupt() {
        Thread.currentThread().interrupt();
        try {
            CryptoWarmUp.Result result = CryptoWarmUp.run(AeadEngine.JDK, CryptoWarmUp.ROUND);
            assertThat(result.messages()).isPositive();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
        finally {
            Thread.interrupted();
        }
    }

    @Test
    void logsWhatItDidAtDebugLevel() {
        try (DebugLog log = DebugLog.of(CryptoWarmUp.class)) {
            CryptoWarmUp.run(AeadEngine.BOUNCY_CASTLE, CryptoWarmUp.ROUND);
            assertThat(log.messages()).singleElement().asString()
                .matches("FalcoTCP crypto warm-up of the BOUNCY_CASTLE engine: \\d+ payloads of 64 B to 1024 KiB "
                        + "sealed and opened in \\d+ ms");
        }
    }

    @Test
    void warmsAnEngineUpOncePerJvm() {
        try (DebugLog log = DebugLog.of(CryptoWarmUp.class)) {
            // earlier tests of this JVM may have warmed it up already: then neither call runs it
            CryptoWarmUp.ensureWarm(AeadEngine.BOUNCY_CASTLE);
            CryptoWarmUp.ensureWarm(AeadEngine.BOUNCY_CASTLE);
            assertThat(log.messages()).hasSizeLessThanOrEqualTo(1);
        }
    }

    /**
     * The debug messages of one logger while it is open.
     */
    private static final class DebugLog implements AutoCloseable {

        private final Logger logger;

        private final @Nullable Level level;

        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        private DebugLog(Logger logger) {
            this.logger = logger;
            this.level = logger.getLevel();
            this.appender.setContext(logger.getLoggerContext());
            this.appender.start();
            logger.addAppender(this.appender);
            logger.setLevel(Level.DEBUG);
        }

        static DebugLog of(Class<?> type) {
            return new DebugLog((Logger) LoggerFactory.getLogger(type));
        }

        List<String> messages() {
            return this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            this.logger.setLevel(this.level);
            this.logger.detachAppender(this.appender);
            this.appender.stop();
        }

    }

}
