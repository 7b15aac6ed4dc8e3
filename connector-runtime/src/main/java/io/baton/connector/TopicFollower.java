package io.baton.connector;

import io.baton.schemas.registry.SchemaRegistryUnavailableException;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole compacted topic (every partition, from the beginning, committed records only) on a thread of its own
 * and keeps following it: what each instance needs of a shared table ({@code connections.v1}, a platform's refs). A
 * record that cannot be read is logged and passed over; it never stops the follower.
 *
 * @param <V> the topic's values; a tombstone is handed on as null
 */
public final class TopicFollower<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

  private final KafkaSettings kafka;
  private final TopicSpec<String, V> topic;
  private final BiConsumer<String, V> onRecord;
  private volatile boolean caughtUp;
  private volatile boolean running;
  private KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  public TopicFollower(KafkaSettings kafka, TopicSpec<String, V> topic, BiConsumer<String, V> onRecord) {
    this.kafka = kafka;
    this.topic = topic;
    this.onRecord = onRecord;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    var props = kafka.adminProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    running = true;
    thread = new Thread(() -> follow(partitions, end), topic.name() + "-follower");
    thread.setDaemon(true);
    thread.start();
  }

  private void follow(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
    try {
      while (running) {
        Set<TopicPartition> rewound = new HashSet<>();
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (rewound.contains(tp)) {
            continue;
          }
          V value;
          try {
            value = r.value() == null ? null : topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
          } catch (SchemaRegistryUnavailableException e) { // the record is fine: its partition goes on from it
            log.warn("{}: {}@{} waits for the schema registry: {}", topic.name(), tp, r.offset(), e.getMessage());
            consumer.seek(tp, r.offset());
            rewound.add(tp);
            continue;
          } catch (RuntimeException e) {
            log.error("{}: unreadable record {} at {}@{}, passed over: {}", topic.name(), r.key(), r.partition(),
                r.offset(), e.toString());
            continue;
          }
          try {
            onRecord.accept(r.key(), value);
          } catch (RuntimeException e) {
            log.error("{}: record {} at {}@{} could not be taken: {}", topic.name(), r.key(), r.partition(),
                r.offset(), e.toString());
          }
        }
        if (!caughtUp && partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
          caughtUp = true;
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("{}: follower stopped", topic.name(), e);
    } finally {
      consumer.close(Duration.ZERO);
    }
  }

  /** True once everything written before {@link #start} was read. */
  public boolean caughtUp() {
    return caughtUp;
  }

  @Override
  public void close() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
