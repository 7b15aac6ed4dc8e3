package io.baton.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.calls.PlatformCalls;
import io.baton.events.ConnectorCommand;
import io.baton.events.DeliveryFailed;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.events.SetVisitorTyping;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runtime on a real broker, with a scripted connector. Each test uses its own platform's topics and consumer
 * group, so tests do not see each other's commands.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ConnectorHostTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  static KafkaBroker kafka;
  static KafkaSettings settings;
  static KafkaProducer<String, ConnectorCommand> producer;

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    settings = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    producer = new KafkaProducer<>(settings.producerProperties("test-router"),
        Topics.connectorCommands(Platform.dixa).keySerde().serializer(),
        Topics.connectorCommands(Platform.dixa).valueSerde().serializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
  }

  /** A connector whose commands complete when the test says so; "fail" in a command id makes the platform refuse. */
  static final class ScriptedConnector implements PlatformConnector {
    final List<String> started = new CopyOnWriteArrayList<>();
    final Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();
    final Set<String> resumed = ConcurrentHashMap.newKeySet();
    final Set<String> released = ConcurrentHashMap.newKeySet();

    @Override
    public CompletionStage<Void> handle(ConnectorCommand command) {
      started.add(command.getEventId());
      if (command.getEventId().contains("fail")) {
        return CompletableFuture
            .failedFuture(new IllegalStateException("platform said 400 to " + command.getEventId()));
      }
      return gates.computeIfAbsent(command.getEventId(), x -> new CompletableFuture<>());
    }

    void finish(String commandId) {
      gates.computeIfAbsent(commandId, x -> new CompletableFuture<>()).complete(null);
    }

    @Override
    public void resume(PlatformLink link) {
      resumed.add(link.getConversationId());
    }

    @Override
    public CompletionStage<Void> release(PlatformLink link) {
      released.add(link.getConversationId());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }

  private static ConnectorHost host(Platform platform, String instance, ScriptedConnector connector) {
    ConnectorHost host = new ConnectorHost("test-" + platform.name(), platform, settings,
        HostConfig.defaults(PlatformCalls.Limits.defaults()).withInstanceId(instance), ctx -> connector);
    host.start();
    return host;
  }

  private static ConnectorCommand command(Platform platform, String conversation, String id) {
    return ConnectorCommand.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant("acme")
        .setConversationId(conversation).setPlatform(platform).setHandoverId("h-" + conversation)
        .setCausationId(id).setBody(new SetVisitorTyping(true)).build();
  }

  private static void send(Platform platform, String conversation, String id) throws Exception {
    producer.send(new ProducerRecord<>(Topics.connectorCommands(platform).name(), "acme/" + conversation,
        command(platform, conversation, id))).get();
  }

  /** Two conversation ids whose keys land on the same partition. */
  private static List<String> samePartition(int count) {
    List<String> found = new ArrayList<>();
    int partition = -1;
    while (found.size() < count) {
      String c = "c-" + UUID.randomUUID();
      int p = PlatformLinks.partitionOf("acme/" + c, Topics.PARTITIONS);
      if (partition < 0 || p == partition) {
        partition = p;
        found.add(c);
      }
    }
    return found;
  }

  private static long committed(String group, String topic, String conversation) throws Exception {
    TopicPartition tp = new TopicPartition(topic, PlatformLinks.partitionOf("acme/" + conversation, Topics.PARTITIONS));
    Map<TopicPartition, OffsetAndMetadata> offsets;
    try (var admin = kafka.admin()) {
      offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }
    OffsetAndMetadata o = offsets.get(tp);
    return o == null ? -1 : o.offset();
  }

  @Test
  void conversationsRunInParallelEachInOrderAndCommitsWaitForEarlierCommands() throws Exception {
    Platform platform = Platform.dixa;
    List<String> conversations = samePartition(2);
    String slow = conversations.get(0);
    String fast = conversations.get(1);
    ScriptedConnector connector = new ScriptedConnector();
    ConnectorHost host = host(platform, "0", connector);
    try {
      send(platform, slow, "slow-1");
      send(platform, slow, "slow-2");
      send(platform, fast, "fast-1");
      send(platform, fast, "fast-2");
      Eventually.until(PATIENCE, "the fast conversation's first command", () -> connector.started.contains("fast-1"));
      connector.finish("fast-1");
      Eventually.until(PATIENCE, "the fast conversation's second command", () -> connector.started.contains("fast-2"));
      connector.finish("fast-2");
      Eventually.until(PATIENCE, "the fast conversation done", () -> host.inFlight() == 2);
      assertEquals(List.of("slow-1", "fast-1", "fast-2"), connector.started, "slow-2 waits for slow-1");

      String group = "baton-test-" + platform.name();
      String topic = Topics.connectorCommands(platform).name();
      long before = committed(group, topic, slow);
      // Whatever was committed, it is not past slow-1, which is still running.
      assertTrue(before <= 0, "committed " + before + " although slow-1 (offset 0) is running");

      connector.finish("slow-1");
      Eventually.until(PATIENCE, "slow-2 after slow-1", () -> connector.started.contains("slow-2"));
      connector.finish("slow-2");
      Eventually.until(PATIENCE, "every command committed", () -> {
        try {
          return committed(group, topic, slow) == 4;
        } catch (Exception e) {
          return false;
        }
      });
      assertEquals(List.of("slow-1", "fast-1", "fast-2", "slow-2"), connector.started);
    } finally {
      host.stop();
    }
  }

  @Test
  void anUnfinishedCommandIsRedeliveredAfterARestartFinishedOnesAreNot() throws Exception {
    Platform platform = Platform.kustomer;
    List<String> conversations = samePartition(2);
    ScriptedConnector first = new ScriptedConnector();
    ConnectorHost host = host(platform, "0", first);
    send(platform, conversations.get(0), "a-1");
    send(platform, conversations.get(1), "b-1");
    Eventually.until(PATIENCE, "both commands running", () -> first.started.size() == 2);
    first.finish("b-1"); // a later command finishes; the earlier a-1 never does
    Eventually.until(PATIENCE, "b-1 done", () -> host.inFlight() == 1);
    host.stop();

    ScriptedConnector second = new ScriptedConnector();
    second.finish("a-1");
    second.finish("b-1");
    ConnectorHost restarted = host(platform, "0", second);
    try {
      Eventually.until(PATIENCE, "a-1 redelivered", () -> second.started.contains("a-1"));
      // b-1 comes again too: it sat behind a-1 in the partition, so its offset could not be committed.
      Eventually.until(PATIENCE, "b-1 redelivered", () -> second.started.contains("b-1"));
      assertEquals(List.of("a-1", "b-1"), second.started);
    } finally {
      restarted.stop();
    }
  }

  @Test
  void aRefusedCommandBecomesADeliveryFailureAndADeadLetterAndThePartitionMovesOn() throws Exception {
    Platform platform = Platform.freshchat;
    String conversation = "c-" + UUID.randomUUID();
    ScriptedConnector connector = new ScriptedConnector();
    connector.finish("after");
    ConnectorHost host = host(platform, "0", connector);
    try {
      send(platform, conversation, "will-fail");
      send(platform, conversation, "after");
      producer.flush();
      Eventually.until(PATIENCE, "the next command ran", () -> connector.started.contains("after"));
      var events = kafka.readUntil(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
          Topics.AGENT_EVENTS.valueSerde().deserializer(), read -> read.stream()
              .anyMatch(r -> r.key().equals("acme/" + conversation)),
          PATIENCE).stream()
          .filter(r -> r.key().equals("acme/" + conversation)).map(r -> r.value().getBody()).toList();
      assertEquals(List.of(new DeliveryFailed("will-fail", "platform said 400 to will-fail")), events);
      String dlq = Topics.deadLetters(Topics.connectorCommands(platform).name()).name();
      var dead = kafka.readUntil(dlq, new StringDeserializer(), new ByteArrayDeserializer(),
          read -> !read.isEmpty(), PATIENCE);
      assertEquals(1, dead.size());
      assertEquals("acme/" + conversation, dead.get(0).key());
      assertEquals("platform said 400 to will-fail",
          new String(dead.get(0).headers().lastHeader("baton.error").value(), StandardCharsets.UTF_8));
    } finally {
      host.stop();
    }
  }

  @Test
  void liveChatsMoveWithTheirPartitionsToASecondInstance() throws Exception {
    Platform platform = Platform.gorgias;
    List<String> conversations = new ArrayList<>();
    Set<Integer> partitionsUsed = new HashSet<>();
    while (partitionsUsed.size() < Topics.PARTITIONS) {
      String c = "c-" + UUID.randomUUID();
      if (partitionsUsed.add(PlatformLinks.partitionOf("acme/" + c, Topics.PARTITIONS))) {
        conversations.add(c);
      }
    }
    try (TransactionalWrites writes = new TransactionalWrites(settings, "test-links-writer")) {
      PlatformLinks links = new PlatformLinks(settings, platform, writes);
      for (String c : conversations) {
        links.save(PlatformLink.newBuilder().setTenant("acme").setConversationId(c).setPlatform(platform)
            .setHandoverId("h").setUpdatedAt(Instant.now()).build()).get();
      }
      String ended = "c-ended";
      links.save(PlatformLink.newBuilder().setTenant("acme").setConversationId(ended).setPlatform(platform)
          .setHandoverId("h").setEnded(true).setUpdatedAt(Instant.now()).build()).get();
    }
    ScriptedConnector one = new ScriptedConnector();
    ConnectorHost first = host(platform, "0", one);
    Eventually.until(PATIENCE, "every live chat resumed by the only instance",
        () -> one.resumed.equals(Set.copyOf(conversations)));
    ScriptedConnector two = new ScriptedConnector();
    ConnectorHost second = host(platform, "1", two);
    try {
      Eventually.until(PATIENCE, "some chats moved to the second instance", () -> !two.resumed.isEmpty()
          && two.resumed.equals(one.released));
      Set<String> stayed = new HashSet<>(conversations);
      stayed.removeAll(two.resumed);
      assertTrue(!stayed.isEmpty(), "both instances own partitions");
      assertEquals(Set.copyOf(conversations).size(), stayed.size() + two.resumed.size());
    } finally {
      second.stop();
      first.stop();
    }
  }

  @Test
  void anInstanceFencedByAnotherWithTheSameIdHandsItsPartitionsOver() throws Exception {
    Platform platform = Platform.oracle_chat;
    ScriptedConnector older = new ScriptedConnector();
    ConnectorHost first = host(platform, "same", older);
    ScriptedConnector newer = new ScriptedConnector();
    ConnectorHost second = host(platform, "same", newer); // a misconfigured twin: it fences the first
    try {
      List<String> ids = new ArrayList<>();
      Set<Integer> partitionsUsed = new HashSet<>();
      while (partitionsUsed.size() < Topics.PARTITIONS) {
        String c = "c-" + UUID.randomUUID();
        if (partitionsUsed.add(PlatformLinks.partitionOf("acme/" + c, Topics.PARTITIONS))) {
          String id = "fail-" + c;
          ids.add(id);
          send(platform, c, id);
        }
      }
      Eventually.until(PATIENCE, "every command handled by the instance that was not fenced",
          () -> newer.started.containsAll(ids));
      var events = kafka.readUntil(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
          Topics.AGENT_EVENTS.valueSerde().deserializer(), read -> read.stream()
              .filter(r -> r.value().getPlatform() == platform).count() >= ids.size(),
          PATIENCE).stream()
          .filter(r -> r.value().getPlatform() == platform).map(r -> ((DeliveryFailed) r.value().getBody())
              .getCommandEventId())
          .sorted().toList();
      assertEquals(ids.stream().sorted().toList(), events, "one failure event per command: the fenced one wrote none");
    } finally {
      second.stop();
      first.stop();
    }
  }
}
