package io.baton.operations.kafka;

import io.baton.operations.HealthCheck;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/**
 * The readiness of a consumer group member's poll loop (a connector's command loop, the demo bot), from what the loop
 * and its rebalance callbacks report: the loop polled within {@link KafkaContact#PATIENCE}, Kafka answers its
 * consumer, and it has joined the group. A member that joined but owns no partition is up as "standby": the other
 * instances own them all, and this one takes over when one of them goes, so it must stay in a load balancer's
 * rotation (its webhook server, if any, hands webhooks to the owners).
 */
public final class ConsumerLoopReadiness implements HealthCheck, ConsumerRebalanceListener {
  private final KafkaContact contact;
  private final Duration patience;
  private final LongSupplier nanos;
  private final Set<Integer> owned = new ConcurrentSkipListSet<>();
  private volatile long lastPoll;
  private volatile boolean polled;
  private volatile boolean joined;
  private volatile String ended;

  public ConsumerLoopReadiness(KafkaContact contact, Duration patience, LongSupplier nanos) {
    this.contact = contact;
    this.patience = patience;
    this.nanos = nanos;
  }

  public ConsumerLoopReadiness(KafkaContact contact) {
    this(contact, KafkaContact.PATIENCE, System::nanoTime);
  }

  /** The loop's thread, after each poll. */
  public void polled() {
    lastPoll = nanos.getAsLong();
    polled = true;
  }

  /** The loop's thread, when it leaves the loop for good ({@code why}: what ended it). */
  public void ended(String why) {
    ended = why;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    // Called after every rebalance, with no partitions too (a standby member): it is in the group.
    partitions.forEach(tp -> owned.add(tp.partition()));
    joined = true;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> owned.remove(tp.partition()));
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> owned.remove(tp.partition()));
    joined = false; // out of the group until it rejoins
  }

  @Override
  public Status check() {
    if (ended != null) {
      return Status.down("the loop stopped: " + ended);
    }
    if (!polled) {
      return Status.down("the loop has not polled yet");
    }
    long silentMillis = (nanos.getAsLong() - lastPoll) / 1_000_000;
    if (silentMillis > patience.toMillis()) {
      return Status.down("the loop has not polled for " + silentMillis / 1000 + " s");
    }
    Status kafka = contact.status();
    if (!kafka.up()) {
      return kafka;
    }
    if (!joined) {
      return Status.down("joining the consumer group");
    }
    Set<Integer> now = Set.copyOf(owned);
    if (now.isEmpty()) {
      return Status.up("standby: other instances own every partition");
    }
    return Status.up("owns partitions " + now.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")));
  }
}
