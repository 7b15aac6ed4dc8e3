package io.baton.operations.kafka;

import io.baton.operations.HealthCheck;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A Kafka Streams application's readiness ({@code router.streams}, {@code analytics.streams}): Kafka Streams is RUNNING (not rebalancing, restoring, stopping or
 * failed), as its state listener reports, and Kafka answers its clients. Streams stays RUNNING while the broker is
 * away (its threads keep polling and wait), so the answers tell that part.
 */
public final class StreamsReadiness implements HealthCheck {
  private final KafkaContact contact;
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;

  public StreamsReadiness(KafkaContact contact) {
    this.contact = contact;
  }

  /** From the Streams state listener. */
  public void changed(KafkaStreams.State now) {
    state = now;
  }

  @Override
  public Status check() {
    KafkaStreams.State now = state;
    if (now == KafkaStreams.State.REBALANCING) {
      return Status.down("rebalancing (or restoring its stores)");
    }
    if (now != KafkaStreams.State.RUNNING) {
      return Status.down("Kafka Streams is " + now);
    }
    Status kafka = contact.status();
    return kafka.up() ? Status.up("RUNNING") : kafka;
  }
}
