package io.baton.connector;

import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Durable platform session state (ids, tokens, cursors) per conversation, kept in the compacted
 * {@code connector.<platform>.links.v1}: read back at start-up so live chats survive a restart.
 */
public final class PlatformLinks implements AutoCloseable {
  private final TopicSpec<String, PlatformLink> topic;
  private final KafkaSettings kafka;
  private final Producer<String, PlatformLink> producer;
  private final Map<String, PlatformLink> links = new ConcurrentHashMap<>();

  public PlatformLinks(KafkaSettings kafka, Platform platform, String clientId) {
    this.kafka = kafka;
    this.topic = Topics.connectorLinks(platform);
    this.producer = new KafkaProducer<>(kafka.producerProperties(clientId + "-links"), topic.keySerde().serializer(),
        topic.valueSerde().serializer());
  }

  /** Reads the whole links topic; the latest link per conversation wins. */
  public void load() {
    var props = kafka.adminProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, PlatformLink> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
        topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value() == null) {
            links.remove(r.key());
          } else {
            links.put(r.key(), r.value());
          }
        });
      }
    }
  }

  public Optional<PlatformLink> get(String conversationKey) {
    return Optional.ofNullable(links.get(conversationKey));
  }

  /** The links of chats that have not ended, to resume. */
  public List<PlatformLink> live() {
    return links.values().stream().filter(l -> !l.getEnded()).toList();
  }

  /** Stores a link; completes once Kafka acknowledged it, so a platform call made after it can be resumed. */
  public CompletableFuture<Void> save(PlatformLink link) {
    String key = link.getTenant() + "/" + link.getConversationId();
    links.put(key, link);
    CompletableFuture<Void> acked = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(topic.name(), key, link), (meta, error) -> {
      if (error != null) {
        acked.completeExceptionally(error);
      } else {
        acked.complete(null);
      }
    });
    return acked;
  }

  @Override
  public void close() {
    producer.close();
  }
}
