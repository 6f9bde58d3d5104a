package org.coophive.mediator.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** Collects what one logger writes while open (Logback, as Spring Boot logs). */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        appender.start();
        logger.addAppender(appender);
    }

    public static LogCapture of(String loggerName) {
        return new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
    }

    /** Whether a line containing {@code text} was logged. */
    public boolean contains(String text) {
        synchronized (appender) { // the lock doAppend holds
            return appender.list.stream()
                    .anyMatch(event -> event.getFormattedMessage().contains(text));
        }
    }

    /** How many lines containing {@code text} were logged. */
    public long count(String text) {
        synchronized (appender) {
            return appender.list.stream()
                    .filter(event -> event.getFormattedMessage().contains(text))
                    .count();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
