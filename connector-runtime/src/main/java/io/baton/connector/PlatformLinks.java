package io.baton.connector;

import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Durable platform session state (ids, tokens, cursors) per conversation, kept in the compacted
 * {@code connector.<platform>.links.v1}. The links topic has the commands topic's partition count and key, so the
 * link of a conversation sits on the partition number of its commands: an instance reads back exactly the links
 * of the command partitions it is assigned, and live chats move with their partitions.
 */
public final class PlatformLinks {
  private final TopicSpec<String, PlatformLink> topic;
  private final KafkaSettings kafka;
  private final TransactionalWrites writes;
  private final Map<String, PlatformLink> links = new ConcurrentHashMap<>();

  public PlatformLinks(KafkaSettings kafka, Platform platform, TransactionalWrites writes) {
    this.kafka = kafka;
    this.topic = Topics.connectorLinks(platform);
    this.writes = writes;
  }

  /** The partition of a conversation key, as Kafka's default partitioner places it. */
  public static int partitionOf(String conversationKey, int partitions) {
    return Utils.toPositive(Utils.murmur2(conversationKey.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** Reads the given partitions of the links topic (the latest link per conversation wins); returns their live links. */
  public List<PlatformLink> load(Collection<Integer> partitionNumbers) {
    if (partitionNumbers.isEmpty()) {
      return List.of();
    }
    var props = kafka.adminProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, PlatformLink> read = new java.util.HashMap<>();
    try (KafkaConsumer<String, PlatformLink> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
        topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          partitionNumbers.stream().map(p -> new TopicPartition(topic.name(), p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value() == null) {
            read.remove(r.key());
          } else {
            read.put(r.key(), r.value());
          }
        });
      }
    }
    links.putAll(read);
    return read.values().stream().filter(l -> !l.getEnded()).toList();
  }

  /** Forgets the links of partitions this instance no longer owns; returns the live ones, to stop their chats. */
  public List<PlatformLink> release(Collection<Integer> partitionNumbers) {
    List<PlatformLink> released = new ArrayList<>();
    links.entrySet().removeIf(e -> {
      if (partitionNumbers.contains(partitionOf(e.getKey(), topic.partitions()))) {
        if (!e.getValue().getEnded()) {
          released.add(e.getValue());
        }
        return true;
      }
      return false;
    });
    return released;
  }

  public Optional<PlatformLink> get(String conversationKey) {
    return Optional.ofNullable(links.get(conversationKey));
  }

  /** Stores a link; completes once Kafka committed it, so a platform call made after it can be resumed. */
  public CompletableFuture<Void> save(PlatformLink link) {
    return writes.write(List.of(record(link)));
  }

  /** Remembers the link and gives its record, to write it in one group with agent events. */
  public ProducerRecord<byte[], byte[]> record(PlatformLink link) {
    String key = link.getTenant() + "/" + link.getConversationId();
    links.put(key, link);
    return new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
        topic.valueSerde().serializer().serialize(topic.name(), link));
  }
}
