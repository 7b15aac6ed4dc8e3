package io.baton.operations.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.operations.HealthCheck.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsumerLoopReadinessTest {
  private static final String TOPIC = "connector.dixa.commands.v2";
  private final AtomicLong nanos = new AtomicLong();
  private final FakeClient consumer = new FakeClient();
  private final ConsumerLoopReadiness loop = new ConsumerLoopReadiness(
      new KafkaContact(List.of(consumer::metrics), Duration.ofSeconds(10), nanos::get), Duration.ofSeconds(10),
      nanos::get);

  @BeforeEach
  void kafkaAnswers() {
    consumer.responses(1);
  }

  @Test
  void downUntilTheLoopPolledAndJoinedItsGroup() {
    assertEquals(Status.down("the loop has not polled yet"), loop.check());
    loop.polled();
    assertEquals(Status.down("joining the consumer group"), loop.check());
    loop.onPartitionsAssigned(List.of(new TopicPartition(TOPIC, 4), new TopicPartition(TOPIC, 1)));
    assertEquals(Status.up("owns partitions 1, 4"), loop.check());
  }

  @Test
  void aMemberWithoutPartitionsIsAStandbyAndStaysUp() {
    loop.polled();
    loop.onPartitionsAssigned(List.of());
    assertEquals(Status.up("standby: other instances own every partition"), loop.check());
    loop.onPartitionsAssigned(List.of(new TopicPartition(TOPIC, 2)));
    loop.onPartitionsRevoked(List.of(new TopicPartition(TOPIC, 2)));
    assertEquals(Status.up("standby: other instances own every partition"), loop.check());
  }

  @Test
  void lostPartitionsMeanRejoining() {
    loop.polled();
    loop.onPartitionsAssigned(List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 3)));
    loop.onPartitionsLost(List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 3)));
    assertEquals(Status.down("joining the consumer group"), loop.check());
    loop.onPartitionsAssigned(List.of(new TopicPartition(TOPIC, 3)));
    assertEquals(Status.up("owns partitions 3"), loop.check());
  }

  @Test
  void aLoopThatStoppedPollingOrEndedIsDown() {
    loop.polled();
    loop.onPartitionsAssigned(List.of(new TopicPartition(TOPIC, 0)));
    advance(Duration.ofSeconds(9));
    consumer.responses(2); // Kafka keeps answering the consumer's heartbeats meanwhile
    assertEquals(Status.up("owns partitions 0"), loop.check());
    advance(Duration.ofSeconds(3));
    consumer.responses(3);
    assertEquals(Status.down("the loop has not polled for 12 s"), loop.check());
    loop.polled();
    assertEquals(Status.up("owns partitions 0"), loop.check());
    loop.ended("IllegalStateException: boom");
    assertEquals(Status.down("the loop stopped: IllegalStateException: boom"), loop.check());
  }

  @Test
  void aLoopThatPollsButHearsNothingFromKafkaIsDown() {
    loop.polled();
    loop.onPartitionsAssigned(List.of(new TopicPartition(TOPIC, 0)));
    assertEquals(Status.up("owns partitions 0"), loop.check());
    advance(Duration.ofSeconds(11));
    loop.polled(); // poll returns empty while the broker is away
    assertEquals(Status.down("no answer from Kafka for 11 s"), loop.check());
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }
}
