package io.baton.ingress.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.delivery.SequenceGate;
import io.baton.events.AgentTyping;
import io.baton.events.BotWebhook;
import io.baton.events.ConversationEvent;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.gateway.WidgetEventJson;
import io.baton.ingress.http.Json;
import io.baton.schemas.registry.SchemaRegistryUnavailableException;
import io.baton.operations.KafkaClientMeters;
import io.baton.secrets.SealedSecrets;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import io.baton.trace.TraceHeaders;
import io.baton.trace.TraceLogContext;
import io.baton.trace.TraceParent;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers conversation events to bot webhooks. The instances share conversation.events.v2 through one consumer group
 * ({@value #GROUP}), so each event is delivered by one instance, in order per conversation. A failing delivery is
 * retried with doubling backoff, blocking its partition so order holds; after the last attempt it is recorded as
 * failed and skipped. Events older than the webhook's registration are not sent, nor agent typing (too chatty for
 * bots).
 *
 * <p>Delivery model: the log is read read_uncommitted (a bot hears of an event when the router writes it, not when its
 * transaction commits), and every record passes a {@link SequenceGate} per conversation: the next sequence is
 * delivered, a repeat is dropped, a record beyond a gap is held until the gap fills. The router is deterministic, so
 * an aborted transaction is written again identically, and within a run its replay is never delivered twice. Offsets
 * are committed after delivery, never past a held record, so nothing is lost across a restart; but a restarted (or
 * newly assigned) consumer knows no sequences and starts each conversation at the first record it reads, so a record
 * delivered before the restart can be delivered again: at least once across restarts, and receivers deduplicate by
 * {@code eventId} ({@code Baton-Event-Id}). The gate forgets the conversations of revoked partitions (their next
 * owner starts them afresh) and, past {@link #REMEMBERED_CONVERSATIONS}, the least recently seen ones.
 *
 * <p>Calls go through {@link WebhookClient}: only to addresses {@link PublicAddresses} allows, checked per connection.
 */
public final class WebhookDispatcher implements AutoCloseable {
  public static final String GROUP = "baton-ingress-webhooks";
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  /** Records held behind a gap per conversation before the gap is given up on (SequenceGate's alarm). */
  static final int MAX_HELD_PER_CONVERSATION = 1000;
  /** Conversations whose last delivered sequence is remembered; the least recently seen are forgotten past it. */
  static final int REMEMBERED_CONVERSATIONS = 100_000;

  private final KafkaSettings kafka;
  private final WebhookRegistry registry;
  private final SealedSecrets box;
  private final WebhookOutcomes outcomes;
  private final IngressConfig.Webhooks config;
  private final Clock clock;
  private final WebhookClient http;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, ConversationEvent> consumer;
  private Thread thread;
  // The delivery thread's alone (the rebalance listener runs inside its poll).
  private final SequenceGate<ConsumerRecord<String, ConversationEvent>> gate =
      new SequenceGate<>(MAX_HELD_PER_CONVERSATION);
  /** Each conversation's partition, least recently seen first. */
  private final LinkedHashMap<String, TopicPartition> conversations = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TopicPartition> eldest) {
      if (size() <= REMEMBERED_CONVERSATIONS) {
        return false;
      }
      // A bound for a long run. A conversation silent while this many others spoke is forgotten: a later record of it
      // starts it afresh, which is right for new records; a replay arriving that late would be delivered again
      // (at least once, as across restarts). Records held behind a gap are dropped here, but the committed offset
      // stays below them, so the next run reads them again.
      if (held.remove(eldest.getKey()) != null) {
        log.warn("{}: forgotten while records waited behind a gap; they are read again after a restart",
            eldest.getKey());
      }
      gate.forget(eldest.getKey());
      return true;
    }
  };
  /** The records the gate holds, per conversation and sequence: commits stay below the lowest offset of these. */
  private final Map<String, TreeMap<Long, ConsumerRecord<String, ConversationEvent>>> held = new HashMap<>();

  public WebhookDispatcher(KafkaSettings kafka, WebhookRegistry registry, SealedSecrets box, WebhookOutcomes outcomes,
      IngressConfig.Webhooks config, Clock clock, PublicAddresses addresses) {
    this.kafka = kafka;
    this.registry = registry;
    this.box = box;
    this.outcomes = outcomes;
    this.config = config;
    this.clock = clock;
    this.http = new WebhookClient(config.timeout(), addresses, clock);
  }

  public void start() {
    http.start();
    thread = new Thread(this::run, "webhook-dispatcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    KafkaConsumer<String, ConversationEvent> c = new KafkaConsumer<>(
        kafka.uncommittedConsumerProperties(GROUP, "baton-ingress-webhooks-" + UUID.randomUUID()),
        Topics.CONVERSATION_EVENTS.keySerde().deserializer(), Topics.CONVERSATION_EVENTS.valueSerde().deserializer());
    AutoCloseable meters = KafkaClientMeters.bind(c, "ingress"); // the bot webhooks' lag
    try {
      consumer = c;
      c.subscribe(List.of(Topics.CONVERSATION_EVENTS.name()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          // While running, a rebalance happens inside poll, after the last batch was delivered whole. While stopping
          // (the consumer's close revokes too), a batch may have been cut short: commit nothing, the next owner starts
          // from the last commit (at least once).
          if (running) {
            outcomes.settle();
            try {
              c.commitSync(safeOffsets(c, partitions));
            } catch (RuntimeException e) {
              log.warn("could not commit webhook offsets of revoked partitions: {}", e.toString());
            }
          }
          forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) {
            outcomes.catchUp(); // continue the counts the previous owners left
          }
        }
      });
      while (running) {
        try {
          for (ConsumerRecord<String, ConversationEvent> r : c.poll(Duration.ofMillis(500))) {
            if (r.key() == null || r.value() == null) {
              continue;
            }
            for (ConsumerRecord<String, ConversationEvent> ready : pass(r)) {
              dispatch(ready);
            }
            if (!running) {
              break;
            }
          }
          if (!running) {
            break; // the batch may have been cut short: commit nothing (at least once)
          }
          try {
            c.commitSync(safeOffsets(c, c.assignment()));
          } catch (RetriableException e) {
            // Kafka away for a while (its broker stopped, the coordinator moving): commit again after the next poll
            // rather than stop delivering for good; a rebalance meanwhile repeats deliveries (at least once).
            log.warn("webhook offsets not committed yet: {}", e.toString());
          }
        } catch (RecordDeserializationException e) {
          if (SchemaRegistryUnavailableException.isCauseOf(e)) { // the record is fine: read it again
            log.warn("{}@{} waits for the schema registry: {}", e.topicPartition(), e.offset(), e.getMessage());
            c.seek(e.topicPartition(), e.offset());
            continue;
          }
          log.warn("skipping unreadable record {}@{}", e.topicPartition(), e.offset());
          c.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      if (running) {
        log.error("webhook dispatcher stopped unexpectedly", e);
      }
    } catch (RuntimeException e) { // an interrupt while closing surfaces as Kafka's InterruptException
      if (running) {
        log.error("webhook dispatcher stopped; webhooks are not delivered by this instance", e);
      }
    } finally {
      consumer = null;
      outcomes.settle(); // the next owners of the partitions continue from these counts
      // Leaves the group, a static member too (BATON_INSTANCE_ID): the partitions move at once.
      c.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(5)));
      KafkaClientMeters.unbind(meters);
    }
  }

  /** The records to deliver now, after {@code r} went through the gate (empty when it is a repeat or held). */
  List<ConsumerRecord<String, ConversationEvent>> pass(ConsumerRecord<String, ConversationEvent> r) {
    String key = r.key();
    conversations.put(key, new TopicPartition(r.topic(), r.partition()));
    long sequence = r.value().getSequence();
    List<ConsumerRecord<String, ConversationEvent>> ready = gate.offer(key, sequence, r);
    long last = gate.last(key);
    if (sequence > last) {
      held.computeIfAbsent(key, k -> new TreeMap<>()).putIfAbsent(sequence, r);
    }
    TreeMap<Long, ConsumerRecord<String, ConversationEvent>> waiting = held.get(key);
    if (waiting != null) {
      waiting.headMap(last, true).clear();
      if (waiting.isEmpty()) {
        held.remove(key);
      }
    }
    return ready;
  }

  /**
   * Per partition, where the next run must start: the position, or the offset of the earliest record still held there
   * (it was read but not delivered).
   */
  private Map<TopicPartition, OffsetAndMetadata> safeOffsets(KafkaConsumer<String, ConversationEvent> c,
      Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> lowestHeld = new HashMap<>();
    for (TreeMap<Long, ConsumerRecord<String, ConversationEvent>> waiting : held.values()) {
      for (ConsumerRecord<String, ConversationEvent> r : waiting.values()) {
        lowestHeld.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
      }
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition p : partitions) {
      long position = c.position(p);
      offsets.put(p, new OffsetAndMetadata(Math.min(position, lowestHeld.getOrDefault(p, position))));
    }
    return offsets;
  }

  /** Forgets the conversations of partitions this instance no longer owns. */
  private void forget(Collection<TopicPartition> partitions) {
    Set<TopicPartition> gone = new HashSet<>(partitions);
    conversations.entrySet().removeIf(e -> {
      if (gone.contains(e.getValue())) {
        gate.forget(e.getKey());
        held.remove(e.getKey());
        return true;
      }
      return false;
    });
  }

  /** Records held behind a gap now (tests). */
  int heldRecords() {
    return held.values().stream().mapToInt(Map::size).sum();
  }

  /** Delivers one event, its trace continued on the webhook call (a new trace when the record had none). */
  private void dispatch(ConsumerRecord<String, ConversationEvent> record) throws InterruptedException {
    TraceParent trace = TraceHeaders.parent(record.headers()).map(TraceParent::child).orElseGet(TraceParent::start);
    try (var logContext = TraceLogContext.open(record.key(), trace)) {
      dispatch(record.value(), record.partition(), trace, TraceHeaders.state(record.headers()));
    }
  }

  private void dispatch(ConversationEvent event, int partition, TraceParent trace, String traceState)
      throws InterruptedException {
    Optional<BotWebhook> hook = registry.get(event.getTenant());
    if (hook.isEmpty() || !hook.get().getEnabled() || event.getBody() instanceof AgentTyping
        || WidgetEventJson.botType(event).isEmpty() || event.getOccurredAt().isBefore(hook.get().getUpdatedAt())) {
      return;
    }
    BotWebhook webhook = hook.get();
    ObjectNode payload = Json.object();
    payload.put("tenant", event.getTenant());
    payload.put("conversationId", event.getConversationId());
    payload.setAll(WidgetEventJson.data(event));
    String body = Json.write(payload);
    byte[] secret;
    try {
      secret = secret(webhook);
    } catch (IllegalStateException unopened) { // sealed with a key this instance lacks: this tenant's, not all
      log.warn("webhook of tenant {} not delivered: {}", event.getTenant(), unopened.getMessage());
      outcomes.failed(event.getTenant(), partition,
          new WebhookOutcomes.Failure(event.getEventId(), event.getConversationId(),
              event.getSequence(), 0, unopened.getMessage(), clock.instant()));
      return;
    }
    Duration backoff = config.firstBackoff();
    String error = null;
    for (int attempt = 1; attempt <= config.maxAttempts() && running; attempt++) {
      error = http.post(webhook.getUrl(), secret, event.getEventId(), body, trace, traceState);
      if (error == null) {
        outcomes.delivered(event.getTenant(), partition);
        return;
      }
      if (attempt < config.maxAttempts()) {
        Thread.sleep(backoff.toMillis()); // blocks this partition's later events on purpose: order per conversation
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
    if (running) {
      log.warn("webhook of tenant {} failed for event {} after {} attempts: {}", event.getTenant(),
          event.getEventId(), config.maxAttempts(), error);
      outcomes.failed(event.getTenant(), partition,
          new WebhookOutcomes.Failure(event.getEventId(), event.getConversationId(),
              event.getSequence(), config.maxAttempts(), error, clock.instant()));
    }
  }

  private byte[] secret(BotWebhook w) {
    ByteBuffer b = w.getEncryptedSecret().duplicate();
    byte[] sealed = new byte[b.remaining()];
    b.get(sealed);
    return WebhookApi.secretOf(box, w.getTenant(), sealed);
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, ConversationEvent> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      try {
        // A wakeup ends a poll; interrupt only a thread still waiting out a delivery backoff, because an interrupted
        // thread cannot close its consumer cleanly.
        thread.join(2_000);
        if (thread.isAlive()) {
          thread.interrupt();
          thread.join(10_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    http.close();
  }
}
