package io.baton.router.broker;

import io.baton.delivery.SequenceGate;
import io.baton.events.ChatEnded;
import io.baton.events.ConnectorCommand;
import io.baton.events.ConversationEvent;
import io.baton.events.Platform;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A reader of the router's output as the gateway and the connectors read it: read_uncommitted, through a
 * {@link SequenceGate} per topic, so it acts on records before their transaction commits and drops what it already
 * delivered. It records what it delivered, per conversation (keys with the given prefix), for the log and for one
 * platform's commands.
 */
final class GatedReader implements AutoCloseable {
  private final String prefix;
  private final KafkaConsumer<String, byte[]> consumer;
  private final String logTopic = Topics.CONVERSATION_EVENTS.name();
  private final String commandTopic = Topics.connectorCommands(Platform.salesforce).name();
  private final Deserializer<ConversationEvent> events = Topics.CONVERSATION_EVENTS.valueSerde().deserializer();
  private final Deserializer<ConnectorCommand> commandValues =
      Topics.connectorCommands(Platform.salesforce).valueSerde().deserializer();
  final SequenceGate<ConversationEvent> logGate = new SequenceGate<>(100_000);
  final SequenceGate<ConnectorCommand> commandGate = new SequenceGate<>(100_000);
  final Map<String, List<ConversationEvent>> log = new HashMap<>();
  final Map<String, List<ConnectorCommand>> commands = new HashMap<>();
  /** Per log partition: the highest offset of a record of ours that was read (to tell whether it is committed yet). */
  final Map<Integer, Long> lastLogOffset = new ConcurrentHashMap<>();
  /** The same for ChatEnded records. */
  final Map<Integer, Long> lastChatEndedOffset = new ConcurrentHashMap<>();
  long logRecordsRead;
  private final Thread thread;
  private volatile boolean running = true;

  GatedReader(KafkaSettings kafka, String prefix) {
    this.prefix = prefix;
    consumer = new KafkaConsumer<>(kafka.uncommittedConsumerProperties("gated-" + prefix, "gated-" + prefix),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(logTopic, commandTopic)) {
      consumer.partitionsFor(topic, Duration.ofSeconds(10))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // from here: nothing of this test was written yet
    thread = new Thread(() -> {
      while (running) {
        pollOnce();
      }
    }, "gated-reader");
    thread.start();
  }

  private void pollOnce() {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
      if (r.key() == null || !r.key().startsWith(prefix)) {
        continue;
      }
      if (r.topic().equals(logTopic)) {
        logRecordsRead++;
        lastLogOffset.merge(r.partition(), r.offset(), Math::max);
        ConversationEvent e = events.deserialize(r.topic(), r.value());
        if (e.getBody() instanceof ChatEnded) {
          lastChatEndedOffset.merge(r.partition(), r.offset(), Math::max);
        }
        logGate.offer(r.key(), e.getSequence(), e)
            .forEach(d -> log.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(d));
      } else {
        ConnectorCommand c = commandValues.deserialize(r.topic(), r.value());
        commandGate.offer(r.key(), c.getSequence(), c)
            .forEach(d -> commands.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(d));
      }
    }
  }

  /** Stops the reading thread and reads on, in this one, to the end of both topics as they are now. */
  void finish() throws InterruptedException {
    running = false;
    thread.join();
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the gated reader could not read to the end within 20 s");
      }
      pollOnce();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
    consumer.close();
  }
}
