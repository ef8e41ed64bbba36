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
 * Captures every log line of a logger and its children, down to DEBUG (or a level given), while
 * open: the formatted message and the text of any exception with its causes. For tests that check
 * what is (not) logged. The captured loggers do not also write to the console while captured.
 *
 * <p>Known limit: it changes the global log4j configuration while open, so tests capturing the same
 * logger must not run in parallel.
 */
public final class CapturedLogs implements AutoCloseable {

    private final String loggerName;
    private final List<String> lines = new ArrayList<>();
    private final AbstractAppender appender;

    /** The configuration's own logger of that name, if it had one, and how it was set. */
    private final LoggerConfig configured;

    private final Level configuredLevel;
    private final boolean configuredAdditive;

    private CapturedLogs(String loggerName, Level level) {
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
        configured = config.getLoggers().get(loggerName);
        if (configured == null) {
            configuredLevel = null;
            configuredAdditive = false;
            LoggerConfig logger = new LoggerConfig(loggerName, level, false);
            logger.addAppender(appender, level, null);
            config.addLogger(loggerName, logger);
        } else {
            // addLogger would keep the configured logger and ignore ours: borrow that one.
            configuredLevel = configured.getLevel();
            configuredAdditive = configured.isAdditive();
            configured.setLevel(level);
            configured.setAdditive(false);
            configured.addAppender(appender, level, null);
        }
        context.updateLoggers();
    }

    /** Starts capturing {@code loggerName} (e.g. a package) at DEBUG. */
    public static CapturedLogs of(String loggerName) {
        return new CapturedLogs(loggerName, Level.DEBUG);
    }

    /**
     * Starts capturing {@code loggerName} from {@code level} up: for chatty loggers (a Kafka
     * client's) whose DEBUG lines would slow a test down.
     */
    public static CapturedLogs of(String loggerName, Level level) {
        return new CapturedLogs(loggerName, level);
    }

    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        if (configured == null) {
            context.getConfiguration().removeLogger(loggerName);
        } else {
            configured.removeAppender(appender.getName());
            configured.setLevel(configuredLevel);
            configured.setAdditive(configuredAdditive);
        }
        context.updateLoggers();
        appender.stop();
    }
}
