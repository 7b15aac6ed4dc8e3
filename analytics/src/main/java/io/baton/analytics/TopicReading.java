package io.baton.analytics;

import io.baton.schemas.Tap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * How the analysts' tools read a topic: committed records only (the router and the analytics stream write in
 * transactions), from the beginning of the partitions asked for to their end at the start, or on while asked to.
 */
public final class TopicReading<V> implements AutoCloseable {
  private final KafkaConsumer<String, V> consumer;
  private final String topic;

  public TopicReading(String bootstrapServers, String topic, Deserializer<V> values) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("isolation.level", "read_committed");
    p.put("allow.auto.create.topics", "false"); // a mistyped name must not create a topic
    this.consumer = new KafkaConsumer<>(p, Serdes.String().deserializer(), values);
    this.topic = topic;
  }

  /** The topic's partitions; empty when it does not exist. */
  public List<TopicPartition> partitions() {
    return Tap.partitions(consumer, topic);
  }

  /** One line saying the topic does not exist, with the topics that do. */
  public String noSuchTopic() {
    return Tap.noSuchTopic(consumer, topic);
  }

  /**
   * Hands every record of {@code partitions} to {@code sink}, oldest first per partition, up to the end they had when
   * this was called; then, while {@code more} says so, whatever comes next.
   */
  public void read(List<TopicPartition> partitions, Consumer<ConsumerRecord<String, V>> sink, BooleanSupplier more) {
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) || more.getAsBoolean()) {
      consumer.poll(Duration.ofMillis(200)).forEach(sink);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
