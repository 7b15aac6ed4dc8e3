package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class RetriedBatchLinesTest {
  private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
  private final LoggerContext context = new LoggerContext();
  private final RetriedBatchLines filter = new RetriedBatchLines();

  private FilterReply decide(String logger, Level level, String message, Throwable thrown) {
    return filter.decide(new LoggingEvent(getClass().getName(), context.getLogger(logger), level, message, thrown,
        null));
  }

  private static String retrying(String error) {
    return "[Producer clientId=baton-router-1-producer, transactionalId=baton-router-1] Got error produce response"
        + " with correlation id 15 on topic-partition conversation.events.v2-3, retrying (2147483646 attempts left)."
        + " Error: " + error;
  }

  @Test
  void theLinesOfARecoveredTransactionsRetriedBatchesAreLeftOut() {
    assertEquals(FilterReply.DENY, decide(SENDER, Level.WARN, retrying("CONCURRENT_TRANSACTIONS"), null));
    assertEquals(FilterReply.DENY, decide(SENDER, Level.WARN, retrying("OUT_OF_ORDER_SEQUENCE_NUMBER"), null));
    assertEquals(FilterReply.DENY, decide("kafka.server.ReplicaManager", Level.ERROR,
        "[ReplicaManager broker=1] Error processing append operation on partition conversation.events.v2-3",
        new OutOfOrderSequenceException("Invalid sequence number for producer 7")));
  }

  @Test
  void everythingElseStays() {
    assertEquals(FilterReply.NEUTRAL, decide(SENDER, Level.WARN, retrying("NOT_LEADER_OR_FOLLOWER"), null));
    assertEquals(FilterReply.NEUTRAL, decide(SENDER, Level.ERROR, "[Producer clientId=x] Aborting producer batches"
        + " due to fatal error. Error: OUT_OF_ORDER_SEQUENCE_NUMBER", null));
    assertEquals(FilterReply.NEUTRAL, decide("kafka.server.ReplicaManager", Level.ERROR,
        "Error processing append operation on partition x-0", new IllegalStateException("disk full")));
    assertEquals(FilterReply.NEUTRAL, decide("io.baton.router.Router", Level.WARN, retrying("CONCURRENT_TRANSACTIONS"),
        null));
  }

  @Test
  void bothFormatsOfTheStacksLoggingUseIt() throws Exception {
    for (String format : List.of("text", "json")) {
      System.setProperty("BATON_LOG_FORMAT", format);
      try {
        LoggerContext configured = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(configured);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        Appender<ILoggingEvent> appender =
            configured.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().next();
        assertEquals(format, appender.getName());
        assertEquals(List.of(RetriedBatchLines.class),
            appender.getCopyOfAttachedFiltersList().stream().map(Object::getClass).toList(), format);
      } finally {
        System.clearProperty("BATON_LOG_FORMAT");
      }
    }
  }
}
