package io.falcotcp.server;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The server channel's answer to failed accepts: a short pause, a count, and a warning at a bounded rate.
 */
class AcceptFailureHandlerTests {

    private static final IOException EMFILE = new IOException("Too many open files");

    private final FalcoServerStats stats = new FalcoServerStats();

    private final EmbeddedChannel channel = new EmbeddedChannel(new AcceptFailureHandler(this.stats, 10_000));

    private final Logger logger = (Logger) LoggerFactory.getLogger(AcceptFailureHandler.class);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        this.channel.freezeTime();
        this.log.start();
        this.logger.addAppender(this.log);
    }

    @AfterEach
    void releaseLog() {
        this.logger.detachAppender(this.log);
        this.channel.finishAndReleaseAll();
    }

    @Test
    void aFailedAcceptPausesAcceptingForAMomentAndIsCounted() {
        this.channel.pipeline().fireExceptionCaught(EMFILE);
        assertThat(this.channel.config().isAutoRead()).isFalse();
        assertThat(this.stats.acceptFailures()).isOne();
        this.channel.advanceTimeBy(AcceptFailureHandler.PAUSE_MILLIS - 1, TimeUnit.MILLISECONDS);
        this.channel.runScheduledPendingTasks();
        assertThat(this.channel.config().isAutoRead()).isFalse();
        this.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        this.channel.runScheduledPendingTasks();
        assertThat(this.channel.config().isAutoRead()).isTrue();
    }

    @Test
    void theFailureDoesNotReachTheEndOfThePipeline() {
        this.channel.pipeline().fireExceptionCaught(EMFILE);
        this.channel.checkException();
    }

    @Test
    void failuresAreLoggedAtMostOncePerIntervalWithTheirCount() {
        // one failure every pause for one interval: 100 failures, the first of them logged
        for (int i = 0; i < 100; i++) {
            failAndResume();
        }
        assertThat(messages()).singleElement().asString()
            .contains("failed to accept connections (1 failure since the server started)", "Too many open files",
                    "ulimit -n", "falco.server.max-connections", "now 10000");
        failAndResume();
        assertThat(messages()).hasSize(2).last().asString().contains("(100 failures since the last warning)");
        assertThat(this.stats.acceptFailures()).isEqualTo(101);
    }

    @Test
    void anotherFailureIsLoggedWithoutTheFileLimitHint() {
        this.channel.pipeline().fireExceptionCaught(new IOException("Software caused connection abort"));
        assertThat(messages()).singleElement().asString().contains("Software caused connection abort")
            .doesNotContain("ulimit");
    }

    @Test
    void runningOutOfFileDescriptorsIsRecognizedFromTheMessageOfNio() {
        assertThat(AcceptFailureHandler.isOutOfFileDescriptors(new IOException("Too many open files"))).isTrue();
        assertThat(AcceptFailureHandler.isOutOfFileDescriptors(new IOException("Too many open files in system")))
            .isTrue();
        assertThat(AcceptFailureHandler.isOutOfFileDescriptors(new IOException("Connection reset by peer")))
            .isFalse();
    }

    @Test
    void runningOutOfFileDescriptorsIsRecognizedFromTheErrnoOfNativeTransports() {
        // the errors of the native transports need their library, loaded with the transport
        assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        assertThat(AcceptFailureHandler.isOutOfFileDescriptors(new Errors.NativeIoException("io_uring accept", -24)))
            .isTrue();
        assertThat(AcceptFailureHandler.isOutOfFileDescriptors(new Errors.NativeIoException("accept", -23))).isTrue();
        assertThat(AcceptFailureHandler.isOutOfFileDescriptors(new Errors.NativeIoException("accept", -103)))
            .isFalse();
    }

    private void failAndResume() {
        this.channel.pipeline().fireExceptionCaught(EMFILE);
        this.channel.advanceTimeBy(AcceptFailureHandler.PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        this.channel.runScheduledPendingTasks();
    }

    private List<String> messages() {
        return this.log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

}
