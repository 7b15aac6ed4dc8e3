package io.baton.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Leaves out what Kafka logs while a restarted transactional producer's first batches are retried: after a crash the
 * router's producer takes its transactional id back, the broker still aborts the old transaction (the first batch gets
 * CONCURRENT_TRANSACTIONS), the batch behind it is refused as out of sequence (logged by the broker at ERROR), and the
 * producer sends both again in order. Nothing is lost or doubled (the crash tests count it), but a recovery that works
 * must not look like one that failed. A producer that gives up still logs, as do its other errors.
 */
public final class RetriedBatchLines extends Filter<ILoggingEvent> {
  @Override
  public FilterReply decide(ILoggingEvent event) {
    return retriedBatch(event) || refusedOutOfSequence(event) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  private static boolean retriedBatch(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    return event.getLevel() == Level.WARN && event.getLoggerName().endsWith("producer.internals.Sender")
        && message != null && message.contains(", retrying (")
        && (message.endsWith("Error: CONCURRENT_TRANSACTIONS")
            || message.endsWith("Error: OUT_OF_ORDER_SEQUENCE_NUMBER"));
  }

  private static boolean refusedOutOfSequence(ILoggingEvent event) {
    return event.getLevel() == Level.ERROR && event.getLoggerName().equals("kafka.server.ReplicaManager")
        && event.getThrowableProxy() != null && event.getThrowableProxy().getClassName()
            .equals("org.apache.kafka.common.errors.OutOfOrderSequenceException");
  }
}
