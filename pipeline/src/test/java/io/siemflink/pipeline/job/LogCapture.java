package io.siemflink.pipeline.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one logger writes, at INFO and above. */
final class LogCapture extends AbstractAppender {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final String logger;

    private LogCapture(String logger) {
        super("capture-" + logger, null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
    }

    static LogCapture attach(String logger) {
        LogCapture a = new LogCapture(logger);
        a.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        LoggerConfig lc = new LoggerConfig(logger, Level.INFO, false);
        lc.addAppender(a, Level.INFO, null);
        config.addLogger(logger, lc);
        ctx.updateLoggers();
        return a;
    }

    void detach() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().removeLogger(logger);
        ctx.updateLoggers();
        stop();
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage()
                + (event.getThrown() == null ? "" : " | " + event.getThrown()));
    }

    List<String> lines() {
        return new ArrayList<>(lines);
    }
}
