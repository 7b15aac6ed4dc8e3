package io.baton.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A topic read from the beginning once and then followed: what {@link KafkaBroker#readAll} and
 * {@link KafkaBroker#readUntil} give, without a new consumer and a read of the whole topic on every call. Tests that
 * check a topic again and again while they wait (every few milliseconds) keep one of these: each check then reads
 * only what was written since the last one. Committed records only, no consumer group.
 */
public final class TopicTail<K, V> implements AutoCloseable {
  private final KafkaConsumer<K, V> consumer;
  private final List<TopicPartition> partitions;
  private final List<ConsumerRecord<K, V>> read = new ArrayList<>();

  TopicTail(KafkaBroker broker, String topic, Deserializer<K> keys, Deserializer<V> values) {
    Properties p = broker.clientProperties();
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-tail-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
    consumer = new KafkaConsumer<>(p, keys, values);
    partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
        .map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Everything on the topic now (up to the end offsets seen at the call), in partition order then offset order. */
  public synchronized List<ConsumerRecord<K, V>> all() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not read " + partitions.get(0).topic() + " to its end within 20 s");
      }
      consumer.poll(Duration.ofMillis(100)).forEach(read::add);
    }
    return ordered();
  }

  /**
   * What is on the topic once {@code done} holds for it or {@code timeout} passed (then as it is), in partition order
   * then offset order.
   */
  public synchronized List<ConsumerRecord<K, V>> until(Predicate<List<ConsumerRecord<K, V>>> done,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<K, V>> now = all();
    while (!done.test(now) && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(50)).forEach(read::add);
      now = ordered();
    }
    return now;
  }

  private List<ConsumerRecord<K, V>> ordered() {
    List<ConsumerRecord<K, V>> copy = new ArrayList<>(read);
    copy.sort(Comparator.<ConsumerRecord<K, V>>comparingInt(ConsumerRecord::partition)
        .thenComparingLong(ConsumerRecord::offset));
    return copy;
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ZERO);
  }
}
