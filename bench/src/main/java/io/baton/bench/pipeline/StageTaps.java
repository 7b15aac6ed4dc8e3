package io.baton.bench.pipeline;

import io.baton.events.AgentEvent;
import io.baton.events.AgentMessage;
import io.baton.events.ConnectorCommand;
import io.baton.events.ConversationEvent;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SendVisitorMessage;
import io.baton.events.StartChat;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * When each bench message becomes visible on each topic it crosses, so a path's time can be split by stage: ingress,
 * router, connector, gateway. One consumer, assigned every partition of the three topics from their end, reading as
 * the services read: read_uncommitted (the router's output is acted on before its commit, gated by sequence; the
 * input topic has no transactions), with their fetch settings. Messages are matched by text, which the bench makes
 * unique.
 */
final class StageTaps implements AutoCloseable {
  /** First time (System.nanoTime) each text was seen, per topic. */
  final Map<String, Long> visitorEvents = new ConcurrentHashMap<>();
  final Map<String, Long> commands = new ConcurrentHashMap<>();
  final Map<String, Long> agentEvents = new ConcurrentHashMap<>();
  final Map<String, Long> conversationEvents = new ConcurrentHashMap<>();
  /** First time each conversation's handover request, and its StartChat command, were seen. */
  final Map<String, Long> handoverRequests = new ConcurrentHashMap<>();
  final Map<String, Long> startCommands = new ConcurrentHashMap<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  StageTaps(KafkaSettings kafka) {
    Properties p = kafka.uncommittedConsumerProperties("bench-stage-taps", "bench-stage-taps");
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicSpec<String, ?> t : List.of(Topics.CONVERSATION_INPUTS, Topics.connectorCommands(Platform.salesforce),
        Topics.CONVERSATION_EVENTS)) {
      for (int i = 0; i < t.partitions(); i++) {
        partitions.add(new TopicPartition(t.name(), i));
      }
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, before the traffic starts
    thread = new Thread(this::run, "bench-stage-taps");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    String inputs = Topics.CONVERSATION_INPUTS.name();
    String commandTopic = Topics.connectorCommands(Platform.salesforce).name();
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          long now = System.nanoTime();
          String topic = r.topic();
          if (topic.equals(inputs)) {
            Object input = Topics.CONVERSATION_INPUTS.valueSerde().deserializer().deserialize(topic, r.value())
                .getInput();
            if (input instanceof HandoverRequested h) {
              handoverRequests.putIfAbsent(h.getConversationId(), now);
            } else if (input instanceof VisitorEvent e && e.getBody() instanceof VisitorMessage m) {
              visitorEvents.putIfAbsent(m.getText(), now);
            } else if (input instanceof AgentEvent e && e.getBody() instanceof AgentMessage m) {
              agentEvents.putIfAbsent(m.getText(), now);
            }
          } else if (topic.equals(commandTopic)) {
            ConnectorCommand c =
                Topics.connectorCommands(Platform.salesforce).valueSerde().deserializer().deserialize(topic, r.value());
            if (c.getBody() instanceof SendVisitorMessage s) {
              commands.putIfAbsent(s.getMessage().getText(), now);
            } else if (c.getBody() instanceof StartChat) {
              startCommands.putIfAbsent(c.getConversationId(), now);
            }
          } else {
            ConversationEvent e = Topics.CONVERSATION_EVENTS.valueSerde().deserializer().deserialize(topic, r.value());
            if (e.getBody() instanceof AgentMessage m) {
              conversationEvents.putIfAbsent(m.getText(), now);
            }
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  void clear() {
    visitorEvents.clear();
    commands.clear();
    agentEvents.clear();
    conversationEvents.clear();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
  }
}
