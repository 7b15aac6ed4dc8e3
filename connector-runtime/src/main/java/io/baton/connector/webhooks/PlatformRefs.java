package io.baton.connector.webhooks;

import io.baton.connector.TopicFollower;
import io.baton.events.Platform;
import io.baton.events.PlatformRef;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Which conversation a platform's own reference (its conversation id) belongs to, kept in the compacted
 * {@code connector.<platform>.refs.v1} and read whole by every instance, so a webhook about that reference can be
 * handed to the conversation's owner from whichever instance the platform's request reached.
 */
public final class PlatformRefs implements AutoCloseable {
  private final TopicSpec<String, PlatformRef> topic;
  private final Map<String, PlatformRef> refs = new ConcurrentHashMap<>();
  private final TopicFollower<PlatformRef> follower;

  public PlatformRefs(KafkaSettings kafka, Platform platform) {
    this.topic = Topics.connectorRefs(platform);
    this.follower = new TopicFollower<>(kafka, topic, (ref, value) -> {
      if (value == null) {
        refs.remove(ref);
      } else {
        refs.put(ref, value);
      }
    });
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
  public void start() {
    follower.start();
  }

  public Optional<PlatformRef> find(String ref) {
    return Optional.ofNullable(refs.get(ref));
  }

  /** True once everything written before {@link #start} was read: an unknown ref is then not ours. */
  public boolean caughtUp() {
    return follower.caughtUp();
  }

  @Override
  public void close() {
    follower.close();
  }
}
