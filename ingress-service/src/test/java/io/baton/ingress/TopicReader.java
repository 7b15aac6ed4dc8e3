package io.baton.ingress;

import io.baton.testkit.KafkaBroker;
import io.baton.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the records of one conversation key from a catalogue topic. */
final class TopicReader {
  private TopicReader() {}

  /** Waits until {@code count} records with {@code key} are on the topic, and returns them (in offset order). */
  static <V> List<ConsumerRecord<String, V>> await(KafkaBroker kafka, TopicSpec<String, V> topic, String key,
      int count) {
    List<ConsumerRecord<String, V>> read = kafka.readUntil(topic.name(), topic.keySerde().deserializer(),
        topic.valueSerde().deserializer(), rs -> rs.stream().filter(r -> key.equals(r.key())).count() >= count,
        Duration.ofSeconds(20));
    List<ConsumerRecord<String, V>> mine = read.stream().filter(r -> key.equals(r.key())).toList();
    if (mine.size() < count) {
      throw new AssertionError("expected " + count + " records for " + key + " on " + topic + ", found " + mine.size());
    }
    return mine;
  }

  static <V> V single(KafkaBroker kafka, TopicSpec<String, V> topic, String key) {
    List<ConsumerRecord<String, V>> records = await(kafka, topic, key, 1);
    if (records.size() != 1) {
      throw new AssertionError("expected one record for " + key + " on " + topic + ", found " + records.size());
    }
    return records.get(0).value();
  }
}
