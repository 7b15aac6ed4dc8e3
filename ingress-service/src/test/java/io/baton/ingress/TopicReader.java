package io.baton.ingress;

import io.baton.events.ConversationInput;
import io.baton.testkit.KafkaBroker;
import io.baton.topics.ConversationInputs;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
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

  /**
   * Waits until {@code count} inputs of {@code type} with {@code key} are on conversation.inputs.v1 (the ingress's
   * only topic for router inputs), and returns every such input unwrapped (in offset order, with its record's
   * headers). Inputs of other types are left out.
   */
  static <T extends SpecificRecord> List<ConsumerRecord<String, T>> inputs(KafkaBroker kafka, Class<T> type,
      String key, int count) {
    var topic = Topics.CONVERSATION_INPUTS;
    List<ConsumerRecord<String, T>> mine = kafka.readUntil(topic.name(), topic.keySerde().deserializer(),
        topic.valueSerde().deserializer(), rs -> rs.stream().filter(r -> key.equals(r.key()))
            .filter(r -> ConversationInputs.as(r.value(), type) != null).count() >= count,
        Duration.ofSeconds(20)).stream().filter(r -> key.equals(r.key()))
        .filter(r -> ConversationInputs.as(r.value(), type) != null).map(r -> unwrap(r, type)).toList();
    if (mine.size() < count) {
      throw new AssertionError("expected " + count + " " + type.getSimpleName() + " inputs for " + key + ", found "
          + mine.size());
    }
    return mine;
  }

  /** The one input of {@code type} with {@code key} on conversation.inputs.v1, unwrapped. */
  static <T extends SpecificRecord> T singleInput(KafkaBroker kafka, Class<T> type, String key) {
    List<ConsumerRecord<String, T>> records = inputs(kafka, type, key, 1);
    if (records.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + " input for " + key + ", found "
          + records.size());
    }
    return records.get(0).value();
  }

  static <T extends SpecificRecord> ConsumerRecord<String, T> unwrap(ConsumerRecord<String, ConversationInput> r,
      Class<T> type) {
    T value = ConversationInputs.as(r.value(), type);
    if (value == null) {
      throw new AssertionError("expected a " + type.getSimpleName() + " at " + r.topic() + "-" + r.partition() + "@"
          + r.offset() + ", found " + r.value());
    }
    return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
        r.serializedKeySize(), r.serializedValueSize(), r.key(), value, r.headers(), Optional.empty());
  }
}
