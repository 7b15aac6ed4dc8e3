package io.baton.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.calls.CommandLease;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.ConnectorCommand;
import io.baton.events.DeliveryFailed;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.events.SetVisitorTyping;
import io.baton.schemas.registry.CatalogueImport;
import io.baton.schemas.registry.RegistrySchemas;
import io.baton.schemas.registry.SchemaRegistrySettings;
import io.baton.testkit.ConfluentRegistry;
import io.baton.operations.HealthCheck;
import io.baton.operations.Operations;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    // A member learns of a rebalance at its next heartbeat: every 500 ms, not the default 3 s, so a second
    // instance joining (two rounds, cooperative) costs about a second instead of six.
    settings = new KafkaSettings(broker.bootstrapServers(), (short) 1, Map.of("heartbeat.interval.ms", "500"));
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
    final List<String> handled = new CopyOnWriteArrayList<>();
    /** Completes every command at once (tests of the sequence gate). */
    boolean finishAll;
    final Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();
    final Set<String> resumed = ConcurrentHashMap.newKeySet();
    final Set<String> released = ConcurrentHashMap.newKeySet();

    /** A command of a chat released to another instance fails, as a real platform's has no chat to act on. */
    volatile boolean failReleased;

    /** The lease each command was handled under (its platform calls stop being tried once it is lost). */
    final Map<String, BooleanSupplier> leases = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> handle(ConnectorCommand command) {
      started.add(command.getEventId());
      leases.put(command.getEventId(), CommandLease.current());
      if (failReleased && released.contains(command.getConversationId())) {
        return CompletableFuture.failedFuture(new IllegalStateException("no chat for " + command.getConversationId()));
      }
      if (command.getEventId().contains("fail")) {
        return CompletableFuture
            .failedFuture(new IllegalStateException("platform said 400 to " + command.getEventId()));
      }
      if (finishAll) {
        return CompletableFuture.completedFuture(null);
      }
      return gates.computeIfAbsent(command.getEventId(), x -> new CompletableFuture<>());
    }

    @Override
    public CompletionStage<Void> handled(ConnectorCommand command) {
      handled.add(command.getEventId());
      return CompletableFuture.completedFuture(null);
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
    return host("test-" + platform.name(), platform, instance, connector);
  }

  private static ConnectorHost host(String name, Platform platform, String instance, ScriptedConnector connector) {
    return host(name, platform, HostConfig.defaults(PlatformCalls.Limits.defaults()).withInstanceId(instance),
        connector);
  }

  private static ConnectorHost host(String name, Platform platform, HostConfig config, ScriptedConnector connector) {
    ConnectorHost host = new ConnectorHost(name, platform, settings, config, ctx -> connector);
    host.start();
    return host;
  }

  /** The router's sequences: 1, 2, 3... per conversation. */
  private static final Map<String, Long> sequences = new ConcurrentHashMap<>();

  private static ConnectorCommand command(Platform platform, String conversation, String id, long sequence) {
    return ConnectorCommand.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant("acme")
        .setConversationId(conversation).setPlatform(platform).setHandoverId("h-" + conversation)
        .setCausationId(id).setBody(new SetVisitorTyping(true)).setSequence(sequence).build();
  }

  /** The conversation's next command, as the router writes it: with the next sequence. */
  private static void send(Platform platform, String conversation, String id) throws Exception {
    send(platform, conversation, id, sequences.merge(conversation, 1L, Long::sum));
  }

  private static void send(Platform platform, String conversation, String id, long sequence) throws Exception {
    producer.send(new ProducerRecord<>(Topics.connectorCommands(platform).name(), "acme/" + conversation,
        command(platform, conversation, id, sequence))).get();
  }

  private static List<String> startedOf(ScriptedConnector connector, String conversation) {
    return connector.started.stream().filter(id -> id.endsWith(conversation)).toList();
  }

  /** A conversation id on each partition of the commands topic. */
  private static List<String> onePerPartition() {
    List<String> conversations = new ArrayList<>();
    Set<Integer> partitionsUsed = new HashSet<>();
    while (partitionsUsed.size() < Topics.PARTITIONS) {
      String c = "c-" + UUID.randomUUID();
      if (partitionsUsed.add(PlatformLinks.partitionOf("acme/" + c, Topics.PARTITIONS))) {
        conversations.add(c);
      }
    }
    return conversations;
  }

  /** A live chat's link for each conversation, as a connector writes it. */
  private static void saveLiveChats(Platform platform, List<String> conversations) throws Exception {
    try (OrderedWrites writes = new OrderedWrites(settings, "test-links-writer-" + UUID.randomUUID())) {
      PlatformLinks links = new PlatformLinks(settings, platform, writes);
      for (String c : conversations) {
        links.save(PlatformLink.newBuilder().setTenant("acme").setConversationId(c).setPlatform(platform)
            .setHandoverId("h-" + c).setUpdatedAt(Instant.now()).build()).get();
      }
    }
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
      var events = RouterInputs.agentEvents(kafka, read -> read.stream()
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
  void itsReadinessNamesThePartitionsItOwnsAndIsForgottenWhenItStops() {
    ScriptedConnector connector = new ScriptedConnector();
    connector.finishAll = true;
    ConnectorHost host = host("test-ready", Platform.zendesk_support, "0", connector);
    try {
      Eventually.assertThat(PATIENCE, () -> assertEquals(HealthCheck.Status.up("owns partitions 0, 1, 2, 3, 4, 5"),
          Operations.process().readiness().get("test-ready.commands")));
    } finally {
      host.stop();
    }
    assertFalse(Operations.process().readiness().containsKey("test-ready.commands"));
  }

  @Test
  void liveChatsMoveWithTheirPartitionsToASecondInstance() throws Exception {
    Platform platform = Platform.gorgias;
    List<String> conversations = onePerPartition();
    try (OrderedWrites writes = new OrderedWrites(settings, "test-links-writer")) {
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
  void commandsARebalanceCutShortAreLeftToTheNextOwnerNotReportedAsRefused() throws Exception {
    Platform platform = Platform.freshchat;
    List<String> conversations = onePerPartition();
    saveLiveChats(platform, conversations); // live chats move with their partitions
    // A short drain: the moving partitions' commands are still running when their chats are released.
    HostConfig config = HostConfig.defaults(PlatformCalls.Limits.defaults()).withRevokeDrain(Duration.ofMillis(300));
    ScriptedConnector one = new ScriptedConnector();
    one.failReleased = true;
    ConnectorHost first = host("test-cut", platform, config.withInstanceId("0"), one);
    ScriptedConnector two = new ScriptedConnector();
    two.finishAll = true;
    ConnectorHost second = null;
    try {
      Eventually.until(PATIENCE, "the first instance owns every partition",
          () -> first.ownedPartitions() == Topics.PARTITIONS);
      for (String c : conversations) {
        send(platform, c, "slow-" + c); // held at the platform
        send(platform, c, "then-" + c); // waits in the conversation's lane behind it
      }
      Eventually.until(PATIENCE, "every slow command under way",
          () -> one.started.containsAll(conversations.stream().map(c -> "slow-" + c).toList()));
      second = host("test-cut", platform, config.withInstanceId("1"), two);
      Eventually.until(PATIENCE, "some chats released to the second instance", () -> !one.released.isEmpty()
          && two.started.containsAll(one.released.stream().map(c -> "then-" + c).toList()));
      List<String> moved = List.copyOf(one.released);
      List<String> stayed = conversations.stream().filter(c -> !moved.contains(c)).toList();
      assertEquals(List.of(), moved.stream().filter(c -> one.leases.get("slow-" + c).getAsBoolean()).toList(),
          "the moved commands' leases are lost: their platform calls are not tried again");
      assertTrue(!stayed.isEmpty() && stayed.stream().allMatch(c -> one.leases.get("slow-" + c).getAsBoolean()),
          "the leases of the commands that stayed are held");
      moved.forEach(c -> one.finish("slow-" + c)); // the platform answers late: the lane goes on, the chat is gone
      Eventually.until(PATIENCE, "the first instance ran what its lanes still held",
          () -> one.started.containsAll(moved.stream().map(c -> "then-" + c).toList()));
      String marker = moved.get(0);
      send(platform, marker, "fail-marker-" + marker); // refused by the owner: reported, after anything before it
      List<String> reported = RouterInputs.agentEvents(kafka, read -> read.stream().anyMatch(r -> r.value()
          .getBody() instanceof DeliveryFailed f && f.getCommandEventId().equals("fail-marker-" + marker)), PATIENCE)
          .stream().filter(r -> r.value().getPlatform() == platform && conversations.contains(r.value()
              .getConversationId()))
          .map(r -> ((DeliveryFailed) r.value().getBody()).getCommandEventId()).toList();
      assertEquals(List.of("fail-marker-" + marker), reported, "what the next owner carried out was refused by no one");
    } finally {
      if (second != null) {
        second.stop();
      }
      first.stop();
    }
  }

  @Test
  void twoInstancesWithTheSameIdShareThePartitionsAndEveryCommandIsHandledOnce() throws Exception {
    Platform platform = Platform.oracle_chat;
    ScriptedConnector one = new ScriptedConnector();
    ConnectorHost first = host(platform, "same", one);
    ScriptedConnector two = new ScriptedConnector();
    ConnectorHost second = host(platform, "same", two); // a misconfigured twin: without transactions, no fencing
    try {
      Eventually.until(PATIENCE, "both own partitions", () -> first.ownedPartitions() > 0
          && second.ownedPartitions() > 0 && first.ownedPartitions() + second.ownedPartitions() == Topics.PARTITIONS);
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
      Eventually.until(PATIENCE, "every command handled by one of them", () -> {
        List<String> all = new ArrayList<>(one.started);
        all.addAll(two.started);
        return all.containsAll(ids);
      });
      assertTrue(!one.started.isEmpty() && !two.started.isEmpty(), "both worked");
      var events = RouterInputs.agentEvents(kafka, read -> read.stream()
          .filter(r -> r.value().getPlatform() == platform).count() >= ids.size(), PATIENCE).stream()
          .filter(r -> r.value().getPlatform() == platform).map(r -> ((DeliveryFailed) r.value().getBody())
              .getCommandEventId())
          .sorted().toList();
      assertEquals(ids.stream().sorted().toList(), events, "one failure event per command");
    } finally {
      second.stop();
      first.stop();
    }
  }

  // ---- the sequence gate: commands read before the router's transaction commits ----

  @Test
  void repeatsAreDroppedWithoutThePlatformAndALaterSequenceWaitsForTheGap() throws Exception {
    Platform platform = Platform.kustomer; // its own consumer group below: other tests' commands are done at once
    String c = "gate-" + UUID.randomUUID();
    ScriptedConnector connector = new ScriptedConnector();
    connector.finishAll = true;
    ConnectorHost host = host("test-gate", platform, "0", connector);
    try {
      send(platform, c, "s1-" + c, 1);
      send(platform, c, "s1-again-" + c, 1); // a repeat (the committed twin of an aborted write): not carried out
      send(platform, c, "s3-" + c, 3); // waits for 2
      Eventually.until(PATIENCE, "s1 handled", () -> connector.started.contains("s1-" + c));
      Thread.sleep(300);
      assertEquals(List.of("s1-" + c), startedOf(connector, c), "s3 waits for s2");
      send(platform, c, "s2-" + c, 2);
      send(platform, c, "s2-again-" + c, 2);
      Eventually.until(PATIENCE, "s3 after s2", () -> connector.started.contains("s3-" + c));
      String group = "baton-test-gate";
      String topic = Topics.connectorCommands(platform).name();
      Eventually.until(PATIENCE, "every offset committed, repeats included", () -> {
        try {
          return committed(group, topic, c) == kafka.admin().listOffsets(Map.of(
              new TopicPartition(topic, PlatformLinks.partitionOf("acme/" + c, Topics.PARTITIONS)),
              org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().values().iterator().next().offset();
        } catch (Exception e) {
          return false;
        }
      });
      assertEquals(List.of("s1-" + c, "s2-" + c, "s3-" + c), startedOf(connector, c));
    } finally {
      host.stop();
    }
  }

  @Test
  void aCommandOfAnAbortedRouterTransactionIsCarriedOutOnceWithItsCommittedTwin() throws Exception {
    Platform platform = Platform.freshchat;
    String c = "abort-" + UUID.randomUUID();
    ScriptedConnector connector = new ScriptedConnector();
    connector.finishAll = true;
    ConnectorHost host = host("test-abort", platform, "0", connector);
    var props = settings.producerProperties("test-router-tx");
    props.put(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-router-tx-" + c);
    try (KafkaProducer<String, ConnectorCommand> router = new KafkaProducer<>(props,
        Topics.connectorCommands(platform).keySerde().serializer(),
        Topics.connectorCommands(platform).valueSerde().serializer())) {
      router.initTransactions();
      String topic = Topics.connectorCommands(platform).name();
      router.beginTransaction();
      router.send(new ProducerRecord<>(topic, "acme/" + c, command(platform, c, "a1-" + c, 1)));
      router.send(new ProducerRecord<>(topic, "acme/" + c, command(platform, c, "a2-" + c, 2)));
      router.flush();
      // Read uncommitted: carried out while the transaction is still open.
      Eventually.until(PATIENCE, "carried out before the commit", () -> startedOf(connector, c).size() == 2);
      router.abortTransaction(); // the router crashed; its successor regenerates the same commands
      router.beginTransaction();
      router.send(new ProducerRecord<>(topic, "acme/" + c, command(platform, c, "a1-" + c, 1)));
      router.send(new ProducerRecord<>(topic, "acme/" + c, command(platform, c, "a2-" + c, 2)));
      router.send(new ProducerRecord<>(topic, "acme/" + c, command(platform, c, "a3-" + c, 3)));
      router.commitTransaction();
      Eventually.until(PATIENCE, "the new command", () -> connector.started.contains("a3-" + c));
      Thread.sleep(300);
      assertEquals(List.of("a1-" + c, "a2-" + c, "a3-" + c), startedOf(connector, c));
      assertEquals(List.of("a1-" + c, "a2-" + c, "a3-" + c),
          connector.handled.stream().filter(id -> id.endsWith(c)).toList(), "each recorded once, in order");
    } finally {
      host.stop();
    }
  }

  @Test
  void theLastCommandALinkRecordsIsNotCarriedOutAgainAfterARestart() throws Exception {
    Platform platform = Platform.gorgias;
    String c = "link-" + UUID.randomUUID();
    try (OrderedWrites writes = new OrderedWrites(settings, "test-links-writer-2")) {
      new PlatformLinks(settings, platform, writes).save(PlatformLink.newBuilder().setTenant("acme")
          .setConversationId(c).setPlatform(platform).setHandoverId("h-" + c)
          .setState(Map.of(PlatformLinks.LAST_COMMAND, "2")).setUpdatedAt(Instant.now()).build()).get();
    }
    ScriptedConnector connector = new ScriptedConnector();
    connector.finishAll = true;
    ConnectorHost host = host("test-link-gate", platform, "0", connector);
    try {
      Eventually.until(PATIENCE, "the chat resumed", () -> connector.resumed.contains(c));
      send(platform, c, "l1-" + c, 1); // done before the crash, its offset not committed
      send(platform, c, "l2-" + c, 2);
      send(platform, c, "l3-" + c, 3);
      Eventually.until(PATIENCE, "the next command", () -> connector.started.contains("l3-" + c));
      Thread.sleep(200);
      assertEquals(List.of("l3-" + c), startedOf(connector, c));
    } finally {
      host.stop();
    }
  }

  @Test
  void aCommandWhoseSchemaTheRegistryCannotGiveYetWaitsInOrderAndIsCarriedOutOnceItAnswers() throws Exception {
    Platform platform = Platform.zendesk_sunco;
    String conversation = "c-" + UUID.randomUUID();
    String topic = Topics.connectorCommands(platform).name();
    ScriptedConnector connector = new ScriptedConnector();
    connector.finishAll = true;
    try (ConfluentRegistry registry = ConfluentRegistry.start();
         var raw = new KafkaProducer<String, byte[]>(settings.producerProperties("a-newer-router"),
             new StringSerializer(), new ByteArraySerializer())) {
      CatalogueImport.ofBaton(SchemaRegistrySettings.of(registry.url()), new PrintStream(new ByteArrayOutputStream()))
          .run();
      byte[] newer = NewerWriter.withExtraField(topic + "-value", registry,
          Topics.connectorCommands(platform).valueSerde().serializer().serialize(topic,
              command(platform, conversation, "newer-" + conversation, 1)));
      RegistrySchemas.use(new RegistrySchemas(SchemaRegistrySettings.of(registry.url()), Duration.ofMillis(500),
          Duration.ofMillis(200)));
      registry.answerUnavailable(true);
      ConnectorHost host = host(platform, "0", connector);
      try {
        raw.send(new ProducerRecord<>(topic, "acme/" + conversation, newer)).get();
        send(platform, conversation, "after-" + conversation, 2);
        int asked = registry.schemaLookups();
        Eventually.until(PATIENCE, "the host asked again after a failed lookup",
            () -> registry.schemaLookups() >= asked + 4);
        assertEquals(List.of(), startedOf(connector, conversation), "nothing passes a command waiting for its schema");

        registry.answerUnavailable(false);
        Eventually.until(PATIENCE, "both commands ran", () -> startedOf(connector, conversation).size() == 2);
        assertEquals(List.of("newer-" + conversation, "after-" + conversation), startedOf(connector, conversation));
        assertEquals(List.of(), kafka.readAll(Topics.deadLetters(topic).name(), new StringDeserializer(),
            new ByteArrayDeserializer()).stream().filter(r -> r.key().equals("acme/" + conversation)).toList());
      } finally {
        host.stop();
      }
    } finally {
      RegistrySchemas.use((RegistrySchemas) null);
    }
  }

}
