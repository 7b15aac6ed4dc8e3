package io.baton.connector.webhooks;

import io.baton.connector.TopicFollower;
import io.baton.events.Platform;
import io.baton.events.PlatformRef;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Which conversation a platform's own reference (its conversation id) belongs to, kept in the compacted
 * {@code connector.<platform>.refs.v1} and read whole by every instance, so a webhook about that reference can be
 * handed to the conversation's owner from whichever instance the platform's request reached.
 */
public final class PlatformRefs implements AutoCloseable {
  private final TopicSpec<String, PlatformRef> topic;
  private final Map<String, PlatformRef> refs = new ConcurrentHashMap<>();
  /** Refs withdrawn lately (their chats ended): a late webhook about one is not waited for. */
  private final Map<String, Boolean> withdrawn = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > WITHDRAWN_KEPT;
        }
      });
  private static final int WITHDRAWN_KEPT = 10_000;
  /** Webhooks about a ref not filed yet, waiting for it: see {@link #filed}. */
  private final Map<String, List<CompletableFuture<Optional<PlatformRef>>>> awaited = new ConcurrentHashMap<>();
  private final TopicFollower<PlatformRef> follower;

  public PlatformRefs(KafkaSettings kafka, Platform platform) {
    this.topic = Topics.connectorRefs(platform);
    this.follower = new TopicFollower<>(kafka, topic, (ref, value) -> {
      if (value == null) {
        withdraw(ref);
      } else {
        put(ref, value);
      }
    });
  }

  /** The record filing {@code ref} under the conversation; remembered here at once (this instance owns it). */
  public ProducerRecord<byte[], byte[]> record(String ref, String tenant, String conversationId, String handoverId,
      String connectionId) {
    PlatformRef value = PlatformRef.newBuilder().setTenant(tenant).setConversationId(conversationId)
        .setHandoverId(handoverId).setConnectionId(connectionId).setUpdatedAt(Instant.now()).build();
    put(ref, value);
    return new ProducerRecord<>(topic.name(), ref.getBytes(StandardCharsets.UTF_8),
        topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  /** The record withdrawing {@code ref} (its chat ended). */
  public ProducerRecord<byte[], byte[]> tombstone(String ref) {
    withdraw(ref);
    return new ProducerRecord<>(topic.name(), ref.getBytes(StandardCharsets.UTF_8), null);
  }

  /** Starts reading the whole topic (every partition), and keeps following it. */
  public void start() {
    follower.start();
  }

  public Optional<PlatformRef> find(String ref) {
    return Optional.ofNullable(refs.get(ref));
  }

  /**
   * {@code ref}'s conversation as soon as it is filed here, or empty after {@code patience}. A platform may report on a
   * chat (an agent assigned) before the instance that opened it has filed the ref its create call returned, and the
   * report may reach any instance: waiting a little for the ref keeps that report. A ref withdrawn lately is not
   * waited for (its chat ended: the platform's late reports about it have nowhere to go).
   */
  public CompletableFuture<Optional<PlatformRef>> filed(String ref, Duration patience) {
    if (withdrawn.containsKey(ref)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    CompletableFuture<Optional<PlatformRef>> filed = new CompletableFuture<>();
    awaited.computeIfAbsent(ref, r -> new CopyOnWriteArrayList<>()).add(filed);
    PlatformRef now = refs.get(ref); // after the waiter is listed: a ref put meanwhile completes one or the other
    if (now != null) {
      filed.complete(Optional.of(now));
    }
    filed.completeOnTimeout(Optional.empty(), patience.toMillis(), TimeUnit.MILLISECONDS);
    filed.whenComplete((v, e) -> awaited.computeIfPresent(ref, (r, waiting) -> {
      waiting.remove(filed);
      return waiting.isEmpty() ? null : waiting;
    }));
    return filed;
  }

  private void withdraw(String ref) {
    refs.remove(ref);
    withdrawn.put(ref, Boolean.TRUE);
  }

  private void put(String ref, PlatformRef value) {
    withdrawn.remove(ref);
    refs.put(ref, value);
    List<CompletableFuture<Optional<PlatformRef>>> waiting = awaited.remove(ref);
    if (waiting != null) {
      waiting.forEach(w -> w.complete(Optional.of(value)));
    }
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
