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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
  private final OrderedWrites writes;
  private final Map<String, PlatformLink> links = new ConcurrentHashMap<>();

  public PlatformLinks(KafkaSettings kafka, Platform platform, OrderedWrites writes) {
    this.kafka = kafka;
    this.topic = Topics.connectorLinks(platform);
    this.writes = writes;
  }

  /** The partition of a conversation key, as Kafka's default partitioner places it. */
  public static int partitionOf(String conversationKey, int partitions) {
    return Utils.toPositive(Utils.murmur2(conversationKey.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** A link record that cannot be read at all: its bytes go to the dead letters, its conversation is ended. */
  public record Unreadable(String conversationKey, int partition, long offset, byte[] value, String reason) {}

  /**
   * What {@link #load} found: the live links, the records that could not be read (latest per conversation), and per
   * conversation the last command sequence its link says the platform accepted ({@link #LAST_COMMAND}, live and
   * ended links alike).
   */
  public record Loaded(List<PlatformLink> live, List<Unreadable> unreadable, Map<String, Long> lastCommands) {
    public Loaded(List<PlatformLink> live, List<Unreadable> unreadable) {
      this(live, unreadable, Map.of());
    }
  }

  /**
   * The key in a link's state under which the runtime keeps the sequence of the conversation's last command the
   * platform accepted: the connector host drops a redelivered command at or below it without calling the platform.
   */
  public static final String LAST_COMMAND = "baton.cmd";

  /**
   * Reads the given partitions of the links topic (the latest record per conversation wins). A record that does not
   * deserialize affects its own conversation only: it is returned as {@link Unreadable}, never thrown.
   */
  public Loaded load(Collection<Integer> partitionNumbers) {
    if (partitionNumbers.isEmpty()) {
      return new Loaded(List.of(), List.of());
    }
    var props = kafka.adminProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Object> read = new java.util.HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          partitionNumbers.stream().map(p -> new TopicPartition(topic.name(), p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value() == null) {
            read.remove(r.key());
            return;
          }
          try {
            read.put(r.key(), topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } catch (RuntimeException e) {
            read.put(r.key(), new Unreadable(r.key(), r.partition(), r.offset(), r.value(),
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
          }
        });
      }
    }
    List<PlatformLink> live = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    Map<String, Long> lastCommands = new java.util.HashMap<>();
    read.forEach((key, value) -> {
      if (value instanceof PlatformLink link) {
        links.put(key, link);
        lastCommand(link).ifPresent(l -> lastCommands.put(key, l));
        if (!link.getEnded()) {
          live.add(link);
        }
      } else {
        unreadable.add((Unreadable) value);
      }
    });
    return new Loaded(live, unreadable, lastCommands);
  }

  /** The sequence of the last command the link records as accepted by the platform, if it records one. */
  public static java.util.OptionalLong lastCommand(PlatformLink link) {
    String raw = link.getState() == null ? null : link.getState().get(LAST_COMMAND);
    if (raw == null) {
      return java.util.OptionalLong.empty();
    }
    try {
      return java.util.OptionalLong.of(Long.parseLong(raw));
    } catch (NumberFormatException e) {
      return java.util.OptionalLong.empty(); // the chat itself copes with its state; the gate just starts fresh
    }
  }

  /** The dead letter of an unreadable link: its bytes, with the reason and where it was. */
  public ProducerRecord<byte[], byte[]> deadLetter(Unreadable u) {
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.deadLetters(topic.name()).name(), null,
        u.conversationKey() == null ? null : u.conversationKey().getBytes(StandardCharsets.UTF_8), u.value());
    dead.headers().add("baton.error", ("unreadable link: " + u.reason()).getBytes(StandardCharsets.UTF_8));
    dead.headers().add("baton.source", (topic.name() + "-" + u.partition() + "@" + u.offset())
        .getBytes(StandardCharsets.UTF_8));
    return dead;
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

  /** Stores a link; completes once Kafka acknowledged it, so a platform call made after it can be resumed. */
  public CompletableFuture<Void> save(PlatformLink link) {
    return writes.write(List.of(record(link)));
  }

  /** Remembers the link and gives its record, to write it after the agent events it goes with. */
  public ProducerRecord<byte[], byte[]> record(PlatformLink link) {
    String key = link.getTenant() + "/" + link.getConversationId();
    links.put(key, link);
    return new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
        topic.valueSerde().serializer().serialize(topic.name(), link));
  }
}
