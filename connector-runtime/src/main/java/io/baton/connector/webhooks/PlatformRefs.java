package io.baton.connector.webhooks;

import io.baton.events.Platform;
import io.baton.events.PlatformRef;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which conversation a platform's own reference (its conversation id) belongs to, kept in the compacted
 * {@code connector.<platform>.refs.v1} and read whole by every instance, so a webhook about that reference can be
 * handed to the conversation's owner from whichever instance the platform's request reached.
 */
public final class PlatformRefs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlatformRefs.class);

  private final KafkaSettings kafka;
  private final TopicSpec<String, PlatformRef> topic;
  private final Map<String, PlatformRef> refs = new ConcurrentHashMap<>();
  private volatile boolean caughtUp;
  private volatile boolean running;
  private KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  public PlatformRefs(KafkaSettings kafka, Platform platform) {
    this.kafka = kafka;
    this.topic = Topics.connectorRefs(platform);
  }

  /** The record filing {@code ref} under the conversation; remembered here at once (this instance owns it). */
  public ProducerRecord<byte[], byte[]> record(String ref, String tenant, String conversationId, String handoverId,
      String connectionId) {
    PlatformRef value = PlatformRef.newBuilder().setTenant(tenant).setConversationId(conversationId)
        .setHandoverId(handoverId).setConnectionId(connectionId).setUpdatedAt(Instant.now()).build();
    refs.put(ref, value);
    return new ProducerRecord<>(topic.name(), ref.getBytes(StandardCharsets.UTF_8),
        topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  /** The record withdrawing {@code ref} (its chat ended). */
  public ProducerRecord<byte[], byte[]> tombstone(String ref) {
    refs.remove(ref);
    return new ProducerRecord<>(topic.name(), ref.getBytes(StandardCharsets.UTF_8), null);
  }

  /** Starts reading the whole topic (every partition), and keeps following it. */
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
    thread = new Thread(() -> follow(partitions, end), topic.name() + "-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void follow(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
    try {
      while (running) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            refs.remove(r.key());
            continue;
          }
          try {
            refs.put(r.key(), topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } catch (RuntimeException e) {
            log.error("{}: unreadable ref {} at {}@{}: {}", topic.name(), r.key(), r.partition(), r.offset(),
                e.toString());
          }
        }
        if (!caughtUp && partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
          caughtUp = true;
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("{}: reader stopped", topic.name(), e);
    } finally {
      consumer.close(Duration.ZERO);
    }
  }

  public Optional<PlatformRef> find(String ref) {
    return Optional.ofNullable(refs.get(ref));
  }

  /** True once everything written before {@link #start} was read: an unknown ref is then not ours. */
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
