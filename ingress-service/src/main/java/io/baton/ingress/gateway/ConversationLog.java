package io.baton.ingress.gateway;

import io.baton.delivery.SequenceGate;
import io.baton.events.ConversationEvent;
import io.baton.schemas.registry.SchemaRegistryUnavailableException;
import io.baton.operations.HealthCheck;
import io.baton.operations.kafka.KafkaContact;
import io.baton.operations.KafkaClientMeters;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's view of conversation.events.v2: one reader thread reads every partition from the beginning (no
 * consumer group: every gateway instance serves every conversation), keeps the recent events of each conversation,
 * and hands new ones to the subscribed streams. Bounded twice: the last {@code eventsPerConversation} events of the
 * {@code conversations} most recently active conversations.
 *
 * <p>It reads read_uncommitted, so a widget sees the router's output as soon as it is written, not when its
 * transaction commits. The router is deterministic: what an aborted transaction wrote is written again identically
 * (same event ids and sequences). Every record therefore passes a {@link SequenceGate} per conversation before it
 * enters the history: the next sequence is taken, a repeat (the replay of an aborted transaction) is dropped, and a
 * record beyond a gap is held until the gap fills. The reader starts at the beginning of the topic, so a conversation
 * starts at its first record.
 */
public final class ConversationLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConversationLog.class);
  /** Records held behind a gap per conversation before the gap is given up on (SequenceGate's alarm). */
  static final int MAX_HELD_PER_CONVERSATION = 1000;

  /** Receives events in sequence order; called under the log's lock, so it must only enqueue. */
  public interface Subscriber {
    void deliver(List<ConversationEvent> events);
  }

  /** Stops the deliveries to one subscriber. */
  public interface Subscription {
    void cancel();
  }

  private final KafkaSettings kafka;
  private final int eventsPerConversation;
  private final Subscriber everyConversation;
  // One lock for histories and subscribers: a subscriber's backlog and its live events must not interleave.
  private final Object lock = new Object();
  private final Map<String, ArrayDeque<ConversationEvent>> histories;
  private final Map<String, Set<Subscriber>> subscribers = new HashMap<>();
  /** Touched only under {@link #lock} (by the reader, and by evictions, which only the reader's inserts cause). */
  private final SequenceGate<ConversationEvent> gate = new SequenceGate<>(MAX_HELD_PER_CONVERSATION);
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, ConversationEvent> consumer;
  private AutoCloseable meters;
  private volatile RuntimeException failure;
  private final ReaderReadiness readiness =
      new ReaderReadiness(KafkaContact.of(this::readerMetrics), KafkaContact.PATIENCE, System::nanoTime);
  private Thread reader;

  public ConversationLog(KafkaSettings kafka, int conversations, int eventsPerConversation) {
    this(kafka, conversations, eventsPerConversation, events -> {});
  }

  /** {@code everyConversation} receives every conversation's events as they pass the gate (under the log's lock). */
  public ConversationLog(KafkaSettings kafka, int conversations, int eventsPerConversation,
      Subscriber everyConversation) {
    this.kafka = kafka;
    this.eventsPerConversation = eventsPerConversation;
    this.everyConversation = everyConversation;
    this.histories = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<ConversationEvent>> eldest) {
        if (size() <= conversations) {
          return false;
        }
        // The gate entry goes with the history. Keeping it would bound nothing: the reader reads the topic's whole
        // retention, so the gate would hold every conversation ever seen. Forgetting is safe for what follows: a later
        // record of the conversation comes after everything delivered, and the gate starts the key afresh at it (the
        // history is empty by then anyway). What is lost: a replay of an aborted transaction that arrives only after
        // the eviction would be taken again (streams still never send a sequence twice), and held records behind a
        // gap would be dropped. Both need the conversation to be the least recently active of all retained ones
        // between a write and its regeneration, which is why every record offered, held or dropped too, touches the
        // history (see append).
        gate.forget(eldest.getKey());
        return true;
      }
    };
  }

  /** Starts the reader and returns once it is assigned to every partition, or throws. */
  public void start() {
    reader = new Thread(this::read, "conversation-log-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!ready.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the conversation log reader did not start within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the conversation log reader", e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void read() {
    String topic = Topics.CONVERSATION_EVENTS.name();
    Properties props = kafka.uncommittedConsumerProperties("unused", "baton-ingress-gateway-" + UUID.randomUUID());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group: nothing is committed
    try (KafkaConsumer<String, ConversationEvent> c = new KafkaConsumer<>(props,
        Topics.CONVERSATION_EVENTS.keySerde().deserializer(), Topics.CONVERSATION_EVENTS.valueSerde().deserializer())) {
      consumer = c;
      meters = KafkaClientMeters.bind(c, "ingress"); // how far the widgets' events lag behind the log
      List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      ready.countDown();
      while (running) {
        try {
          for (ConsumerRecord<String, ConversationEvent> r : c.poll(Duration.ofMillis(500))) {
            if (r.key() != null && r.value() != null) {
              append(r.key(), r.value());
            }
          }
        } catch (RecordDeserializationException e) {
          if (SchemaRegistryUnavailableException.isCauseOf(e)) { // the record is fine: read it again
            log.warn("{}@{} waits for the schema registry: {}", e.topicPartition(), e.offset(), e.getMessage());
            c.seek(e.topicPartition(), e.offset());
            continue;
          }
          // a record nobody can read must not stop every widget: skip it (the router dead-letters its own output)
          log.warn("skipping unreadable record {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
          c.seek(e.topicPartition(), e.offset() + 1);
        }
        readiness.polled(c, partitions);
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("conversation log reader woken up unexpectedly", e);
        readiness.ended("woken up unexpectedly");
      }
    } catch (RuntimeException e) {
      failure = e;
      readiness.ended(e.toString());
      if (running) {
        log.error("conversation log reader stopped; widgets get no new events", e);
      }
    } finally {
      consumer = null;
      KafkaClientMeters.unbind(meters);
      ready.countDown();
    }
  }

  /**
   * Passes a record read from the log through the conversation's gate, records what it lets through and delivers it
   * to the conversation's subscribers: repeats are dropped, a record beyond a gap is held until the gap fills.
   */
  void append(String key, ConversationEvent event) {
    synchronized (lock) {
      // First, so the conversation is the most recently active one before the gate is asked (an insert here may evict
      // the eldest conversation, and with it its gate entry, never this one's).
      ArrayDeque<ConversationEvent> history = histories.computeIfAbsent(key, k -> new ArrayDeque<>());
      List<ConversationEvent> ready = gate.offer(key, event.getSequence(), event);
      if (ready.isEmpty()) {
        return;
      }
      for (ConversationEvent e : ready) {
        history.addLast(e);
        if (history.size() > eventsPerConversation) {
          history.removeFirst();
        }
      }
      everyConversation.deliver(ready);
      for (Subscriber s : List.copyOf(subscribers.getOrDefault(key, Set.of()))) {
        s.deliver(ready);
      }
    }
  }

  /** {@code ingress.conversation-log}: the reader polls, Kafka answers it, and it is caught up with the log. */
  public HealthCheck readiness() {
    return readiness;
  }

  /** The reader's Kafka client metrics (empty while it has none): it fetches all the time, so it tells contact. */
  public Map<MetricName, ? extends Metric> readerMetrics() {
    KafkaConsumer<String, ConversationEvent> c = consumer;
    return c == null ? Map.of() : c.metrics();
  }

  /** The gate's counters: records held now, repeats dropped, gaps given up on (tests, diagnostics). */
  public record GateCounts(int held, long dropped, long gapsSkipped) {}

  public GateCounts gateCounts() {
    synchronized (lock) {
      return new GateCounts(gate.held(), gate.dropped(), gate.gapsSkipped());
    }
  }

  /**
   * Delivers the retained events with a sequence above {@code afterSequence} now, then every new event as it is
   * read, until cancelled.
   */
  public Subscription subscribe(String key, long afterSequence, Subscriber subscriber) {
    synchronized (lock) {
      List<ConversationEvent> backlog = new ArrayList<>();
      for (ConversationEvent e : histories.getOrDefault(key, new ArrayDeque<>())) {
        if (e.getSequence() > afterSequence) {
          backlog.add(e);
        }
      }
      subscribers.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(subscriber);
      if (!backlog.isEmpty()) {
        subscriber.deliver(backlog);
      }
    }
    return () -> {
      synchronized (lock) {
        Set<Subscriber> set = subscribers.get(key);
        if (set != null && set.remove(subscriber) && set.isEmpty()) {
          subscribers.remove(key);
        }
      }
    };
  }

  /** The retained events of a conversation, oldest first; empty when none are known. */
  public List<ConversationEvent> recent(String key) {
    synchronized (lock) {
      ArrayDeque<ConversationEvent> h = histories.get(key);
      return h == null ? List.of() : List.copyOf(h);
    }
  }

  public int subscriberCount(String key) {
    synchronized (lock) {
      return subscribers.getOrDefault(key, Set.of()).size();
    }
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, ConversationEvent> c = consumer;
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
