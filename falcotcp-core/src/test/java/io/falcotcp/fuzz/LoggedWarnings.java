package io.falcotcp.fuzz;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Records every warning and error logged while it is open: bad input from peers is logged at debug level only,
 * so anything above that during a fuzz run (an unexpected exception in the pipeline, a leak report) is a finding.
 */
final class LoggedWarnings implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                IThrowableProxy thrown = event.getThrowableProxy();
                LoggedWarnings.this.warnings.add(event.getLoggerName() + ": " + event.getFormattedMessage()
                        + ((thrown != null) ? " (" + thrown.getClassName() + ": " + thrown.getMessage() + ")" : ""));
            }
        }

    };

    private LoggedWarnings() {
    }

    static LoggedWarnings record() {
        LoggedWarnings recorder = new LoggedWarnings();
        recorder.appender.setContext(recorder.root.getLoggerContext());
        recorder.appender.start();
        recorder.root.addAppender(recorder.appender);
        return recorder;
    }

    List<String> warnings() {
        return List.copyOf(this.warnings);
    }

    @Override
    public void close() {
        this.root.detachAppender(this.appender);
        this.appender.stop();
    }

}
