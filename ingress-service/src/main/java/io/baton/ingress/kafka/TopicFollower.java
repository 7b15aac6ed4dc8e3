package io.baton.ingress.kafka;

import io.baton.schemas.registry.SchemaRegistryUnavailableException;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a (compacted) topic from its beginning on one thread, without a consumer group (every instance reads it
 * all), handing each record's key and value (null: a tombstone) to {@code onRecord}. {@link #start} returns once
 * everything written before it has been handed over, so an instance starts with the whole table. {@link #catchUp}
 * waits for what was written before the call, for reads that must see another instance's latest write.
 */
public final class TopicFollower<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
  private final KafkaSettings kafka;
  private final TopicSpec<String, V> topic;
  private final BiConsumer<String, V> onRecord;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, V> consumer;
  private volatile RuntimeException failure;
  private Thread reader;
  /** Where the reader is, per partition, after its latest poll; guarded by itself (waiters wait on it). */
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private KafkaConsumer<String, V> offsets; // end offsets for catchUp, guarded by this

  public TopicFollower(KafkaSettings kafka, TopicSpec<String, V> topic, BiConsumer<String, V> onRecord) {
    this.kafka = kafka;
    this.topic = topic;
    this.onRecord = onRecord;
  }

  public void start() {
    reader = new Thread(this::read, topic.name() + "-follower");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!caughtUp.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(topic.name() + " was not read within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + topic.name(), e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void read() {
    Properties props = kafka.consumerProperties("unused", "baton-ingress-" + topic.name() + "-" + UUID.randomUUID());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<String, V> c = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
        topic.valueSerde().deserializer())) {
      consumer = c;
      List<TopicPartition> partitions = c.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
      while (running) {
        try {
          for (ConsumerRecord<String, V> r : c.poll(Duration.ofMillis(500))) {
            if (r.key() != null) {
              onRecord.accept(r.key(), r.value());
            }
          }
        } catch (RecordDeserializationException e) {
          boolean registryDown = SchemaRegistryUnavailableException.isCauseOf(e); // then the record is fine: read again
          log.warn(registryDown ? "{}@{} waits for the schema registry" : "skipping unreadable record {}@{}",
              e.topicPartition(), e.offset());
          c.seek(e.topicPartition(), registryDown ? e.offset() : e.offset() + 1);
        }
        synchronized (positions) {
          partitions.forEach(p -> positions.put(p, c.position(p)));
          positions.notifyAll();
        }
        if (caughtUp.getCount() > 0 && partitions.stream().allMatch(p -> c.position(p) >= end.get(p))) {
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("{} follower woken up unexpectedly", topic.name(), e);
      }
    } catch (RuntimeException e) {
      failure = e;
      if (running) {
        log.error("{} follower stopped; changes made through other instances are not seen", topic.name(), e);
      }
    } finally {
      consumer = null;
      caughtUp.countDown();
      synchronized (positions) {
        positions.notifyAll(); // waiters see the reader gone
      }
    }
  }

  /**
   * Waits until everything written to the topic before this call has been handed over (one end-offsets request, then
   * the reader's progress), at most {@code patience}; false when not in time (Kafka slow, the reader stopped).
   */
  public boolean catchUp(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    Map<TopicPartition, Long> end;
    try {
      synchronized (this) {
        if (offsets == null) {
          Properties props = kafka.consumerProperties("unused", "baton-ingress-" + topic.name() + "-offsets-"
              + UUID.randomUUID());
          props.remove(ConsumerConfig.GROUP_ID_CONFIG);
          offsets = new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        }
        Set<TopicPartition> partitions;
        synchronized (positions) {
          partitions = Set.copyOf(positions.keySet());
        }
        // assigned (never polled), so the client does not warn that it got offsets of partitions it does not hold
        offsets.assign(partitions);
        end = offsets.endOffsets(partitions, patience);
      }
    } catch (RuntimeException e) {
      log.warn("{}: end offsets not known in time: {}", topic.name(), e.toString());
      return false;
    }
    synchronized (positions) {
      while (!end.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running || failure != null || consumer == null) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(positions, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  @Override
  public void close() {
    running = false;
    synchronized (this) {
      if (offsets != null) {
        offsets.close(Duration.ZERO);
        offsets = null;
      }
    }
    KafkaConsumer<String, V> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (reader != null) {
      try {
        reader.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
