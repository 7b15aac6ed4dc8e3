package io.baton.system;

import io.baton.events.AgentMessage;
import io.baton.events.ConversationEvent;
import io.baton.events.VisitorMessage;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The conversation log as committed (read_committed, from the beginning, no group): what the router's transactions
 * made final, which every widget and bot is eventually given. Read whole each time: the tests' logs are small.
 */
final class CommittedLog {
  private final KafkaSettings kafka;

  CommittedLog(KafkaSettings kafka) {
    this.kafka = kafka;
  }

  KafkaSettings kafka() {
    return kafka;
  }

  /** Every event of the conversations whose id starts with {@code prefix}, per conversation id, in log order. */
  Map<String, List<ConversationEvent>> conversations(String prefix) {
    Map<String, List<ConversationEvent>> out = new LinkedHashMap<>();
    for (ConversationEvent e : values(Topics.CONVERSATION_EVENTS)) {
      if (e.getConversationId().startsWith(prefix)) {
        out.computeIfAbsent(e.getConversationId(), k -> new ArrayList<>()).add(e);
      }
    }
    return out;
  }

  /** Every committed value of {@code topic} now, in partition then offset order. */
  <V> List<V> values(TopicSpec<String, V> topic) {
    var p = kafka.adminProperties();
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "committed-log-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(),
        topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic.name(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic.name() + " to its end within 20 s");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(r -> out.add(r.value()));
      }
    }
    return out;
  }

  /** The event's kind as the widget names it, from its body's class ({@code AgentMessage}: agent.message). */
  static String kind(ConversationEvent e) {
    return e.getBody().getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1.$2").toLowerCase();
  }

  /** The text a message event carries, or null. */
  static String text(ConversationEvent e) {
    if (e.getBody() instanceof VisitorMessage m) {
      return m.getText();
    }
    return e.getBody() instanceof AgentMessage m ? m.getText() : null;
  }
}
