package io.baton.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * This JVM's log lines as the JSON lines a container writes (Logback's JsonEncoder, as BATON_LOG_FORMAT=json), kept
 * while attached to the root logger. Only lines at the loggers' configured levels are seen.
 */
public final class CapturedLogs implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root;
  private final AppenderBase<ILoggingEvent> appender;
  private final Map<Logger, Level> levelsBefore = new LinkedHashMap<>();

  private CapturedLogs(String... debugLoggers) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    // as local-stack's logback.xml configures the containers' encoder
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8).strip());
      }
    };
    appender.setContext(context);
    appender.setName("captured-json");
    appender.start();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    for (String name : debugLoggers) {
      Logger logger = context.getLogger(name);
      levelsBefore.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
  }

  /** Captures from now on, with {@code debugLoggers} (e.g. {@code io.baton}) at DEBUG until closed. */
  public static CapturedLogs start(String... debugLoggers) {
    return new CapturedLogs(debugLoggers);
  }

  /** The JSON lines so far, in order. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    levelsBefore.forEach(Logger::setLevel);
    appender.stop();
  }
}
