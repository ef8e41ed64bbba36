package org.outagepredictor.testutils;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log line of a logger and its children, down to DEBUG, while open: the formatted
 * message and the text of any exception with its causes. For tests that check what is (not) logged.
 * The captured loggers do not also write to the console while captured.
 *
 * <p>Known limit: it changes the global log4j configuration while open, so tests capturing the same
 * logger must not run in parallel.
 */
public final class CapturedLogs implements AutoCloseable {

    private final String loggerName;
    private final List<String> lines = new ArrayList<>();
    private final AbstractAppender appender;

    private CapturedLogs(String loggerName) {
        this.loggerName = loggerName;
        this.appender =
                new AbstractAppender(
                        "captured-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        StringBuilder line =
                                new StringBuilder(event.getLevel() + " ")
                                        .append(event.getMessage().getFormattedMessage());
                        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                            line.append(" | ").append(t);
                        }
                        synchronized (lines) {
                            lines.add(line.toString());
                        }
                    }
                };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig logger = new LoggerConfig(loggerName, Level.DEBUG, false);
        logger.addAppender(appender, Level.DEBUG, null);
        config.addLogger(loggerName, logger);
        context.updateLoggers();
    }

    /** Starts capturing {@code loggerName} (e.g. a package) at DEBUG. */
    public static CapturedLogs of(String loggerName) {
        return new CapturedLogs(loggerName);
    }

    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(loggerName);
        context.updateLoggers();
        appender.stop();
    }
}
