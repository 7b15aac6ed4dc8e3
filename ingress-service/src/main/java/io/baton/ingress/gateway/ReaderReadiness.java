package io.baton.ingress.gateway;

import io.baton.operations.HealthCheck;
import io.baton.operations.kafka.KafkaContact;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The readiness of the conversation log's reader ({@code ingress.conversation-log}), from what its thread reports after
 * each poll: it polls, Kafka answers it, and it was at the end of every partition within the patience (a widget that
 * resumes then gets every event, and a new one at once). The lag is the consumer's own (its last fetch's high
 * watermark against its position): nothing is asked of the broker for it.
 */
final class ReaderReadiness implements HealthCheck {
  private final KafkaContact contact;
  private final Duration patience;
  private final LongSupplier nanos;
  private volatile boolean polled;
  private volatile long lastPoll;
  private volatile boolean caughtUp;
  private volatile long caughtUpAt;
  private volatile long behind = -1;
  private volatile String ended;

  ReaderReadiness(KafkaContact contact, Duration patience, LongSupplier nanos) {
    this.contact = contact;
    this.patience = patience;
    this.nanos = nanos;
  }

  /** The reader's thread, after each poll. */
  void polled(Consumer<?, ?> consumer, List<TopicPartition> partitions) {
    long lag = 0;
    for (TopicPartition tp : partitions) {
      OptionalLong partitionLag = consumer.currentLag(tp);
      if (partitionLag.isEmpty()) { // no fetch answered for it yet
        lag = -1;
        break;
      }
      lag += partitionLag.getAsLong();
    }
    polled(lag);
  }

  /** {@code lag}: records between the reader's position and the log's end, -1 while it is not known. */
  void polled(long lag) {
    long now = nanos.getAsLong();
    lastPoll = now;
    polled = true;
    behind = lag;
    if (lag == 0) {
      caughtUpAt = now;
      caughtUp = true;
    }
  }

  /** The reader's thread, when it stops for good. */
  void ended(String why) {
    ended = why;
  }

  @Override
  public Status check() {
    if (ended != null) {
      return Status.down("the reader stopped: " + ended);
    }
    if (!polled) {
      return Status.down("the reader has not polled yet");
    }
    long now = nanos.getAsLong();
    long silentMillis = (now - lastPoll) / 1_000_000;
    if (silentMillis > patience.toMillis()) {
      return Status.down("the reader has not polled for " + silentMillis / 1000 + " s");
    }
    Status kafka = contact.status();
    if (!kafka.up()) {
      return kafka;
    }
    if (!caughtUp || now - caughtUpAt > patience.toNanos()) {
      long lag = behind;
      return Status.down(lag > 0 ? "behind the log by " + lag + " records" : "catching up with the log");
    }
    return Status.up("caught up");
  }
}
