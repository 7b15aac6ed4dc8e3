package io.baton.router.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.ConnectorCommand;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationInput;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.TimerFired;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.testkit.ChildJvm;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationInputs;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequencer delivery model on a real broker, with the router in its own JVM killed or frozen for real: a reader
 * that acts on the router's records before their transaction commits (read_uncommitted, through a SequenceGate)
 * delivers, for every conversation, exactly the committed log and commands, record for record, although it read
 * records of transactions that were then aborted. That holds because the router regenerates what was aborted
 * identically; against a router whose output depends on the wall clock, the same check finds the difference.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SequencerCrashTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  /** Long enough that an open transaction surely exists when the router dies. */
  private static final String COMMIT_INTERVAL_MS = "2000";
  private static final int CONVERSATIONS = 20;
  static KafkaBroker kafka;
  static KafkaSettings settings;

  @TempDir
  Path dir;

  @BeforeAll
  static void topics(KafkaBroker broker) {
    kafka = broker;
    settings = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
  }

  // ---- (a) SIGKILL while a reader has delivered part of an open transaction ----

  @Test
  void aReaderOfAnOpenTransactionDeliversExactlyTheCommittedLogAfterTheRouterIsKilled() throws Exception {
    Outcome outcome = killMidStream(RouterService.class);
    assertEquals(List.of(), outcome.divergences(), "what the reader delivered is what was committed");
    assertTrue(outcome.replaysDropped() > 0, "the reader read records of the aborted transaction ("
        + outcome.logRecordsRead() + " log records read, " + outcome.committedLogRecords() + " committed)");
    assertComplete(outcome);
  }

  /**
   * The same check against a router whose output is not a function of state and input: it must find the difference.
   * This is what the old router was: it put wall-clock deadlines into its state, read a global store that changes
   * independently of the input, and merged four topics whose interleaving differs after a restart, so what it wrote
   * again after a crash was not what it had written before, and a reader of uncommitted records would have shown a
   * person records that the log does not hold.
   */
  @Test
  void theSameCheckCatchesARouterThatIsNotDeterministic() throws Exception {
    Outcome outcome = killMidStream(WallClockRouter.class);
    assertTrue(outcome.replaysDropped() > 0, "the reader read records of the aborted transaction");
    assertFalse(outcome.divergences().isEmpty(), "the check finds what the reader delivered and the log lacks");
    assertTrue(outcome.divergences().get(0).contains("occurredAt"), outcome.divergences().get(0));
  }

  private Outcome killMidStream(Class<?> router) throws Exception {
    String run = "kill-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, List<SpecificRecord>> scripts = scripts(run, CONVERSATIONS);
    Map<String, String> env = env(run, "router-a", dir.resolve("state").toString());
    try (GatedReader reader = new GatedReader(settings, run + "/");
         ChildJvm first = ChildJvm.start(router, env, dir.resolve("first.log"));
         Inputs inputs = new Inputs(scripts)) {
      awaitProcessing(reader, run);
      CompletableFuture<Void> producing = inputs.produceAsync(Duration.ofMillis(4));
      Eventually.until(PATIENCE, "a third of the inputs produced", () -> inputs.produced() > inputs.total() / 3);
      killWhenReaderIsAheadOfCommit(reader.lastLogOffset, first::kill);
      try (ChildJvm second = ChildJvm.start(router, env, dir.resolve("second.log"))) {
        producing.get();
        awaitCommitted(scripts);
        return outcome(reader, scripts);
      }
    }
  }

  // ---- (b) a zombie: frozen past its session timeout, replaced, then woken up ----

  @Test
  void aZombieRouterThatWritesBeforeItIsFencedChangesNothingForTheReader() throws Exception {
    String run = "zombie-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, List<SpecificRecord>> scripts = scripts(run, CONVERSATIONS);
    Map<String, String> env = new HashMap<>(env(run, "zombie-a", dir.resolve("a").toString()));
    env.put("BATON_KAFKA_TRANSACTION_TIMEOUT_MS", "60000"); // its transaction outlives its freeze: it can write on
    RouterService second = null;
    try (GatedReader reader = new GatedReader(settings, run + "/");
         ChildJvm zombie = ChildJvm.start(RouterService.class, env, dir.resolve("zombie.log"));
         Inputs inputs = new Inputs(scripts)) {
      awaitProcessing(reader, run);
      CompletableFuture<Void> producing = inputs.produceAsync(Duration.ofMillis(8));
      Eventually.until(PATIENCE, "a third of the inputs produced", () -> inputs.produced() > inputs.total() / 3);
      killWhenReaderIsAheadOfCommit(reader.lastLogOffset, zombie::freeze);
      // another machine; it gets the partitions once the frozen member's session (3 s) has expired, but it cannot
      // process them while the zombie's transaction (with its offsets) is open: it waits for that to end
      RouterService b = new RouterService(config(run, "zombie-b", dir.resolve("b").toString()), failover());
      second = b;
      CompletableFuture<Void> started = CompletableFuture.runAsync(b::start);
      awaitOnlyMember("router-" + run, "zombie-b");
      zombie.thaw(); // it goes on from its poll buffer until its commit fails (fenced by the group generation)
      started.get();
      producing.get();
      awaitCommitted(scripts);
      Outcome outcome = outcome(reader, scripts);
      assertEquals(List.of(), outcome.divergences(), "what the reader delivered is what was committed");
      assertTrue(outcome.replaysDropped() > 0, "the reader read records of the zombie's transaction");
      assertComplete(outcome);
    } finally {
      if (second != null) {
        second.stop();
      }
    }
  }

  // ---- (c) a timer firing whose transaction is lost ----

  @Test
  void aQueueTimeoutInterruptedBeforeItsCommitEndsEachChatOnce() throws Exception {
    String run = "timer-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, List<SpecificRecord>> scripts = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      String key = run + "/c-" + i;
      scripts.put(key, List.of(visitorSays(key, key + "-v0", "hello"), handover(key, key + "-h"),
          visitorSays(key, key + "-v1", "anyone?")));
    }
    Map<String, String> env = new HashMap<>(env(run, "timer-a", dir.resolve("state").toString()));
    env.put("BATON_ROUTER_QUEUE_TIMEOUT_SECONDS", "2");
    env.put("BATON_ROUTER_TIMER_INTERVAL_MS", "100");
    env.put("BATON_ROUTER_COMMIT_INTERVAL_MS", "3000");
    try (GatedReader reader = new GatedReader(settings, run + "/");
         ChildJvm first = ChildJvm.start(RouterService.class, env, dir.resolve("first.log"));
         Inputs inputs = new Inputs(scripts)) {
      awaitProcessing(reader, run);
      inputs.produceAsync(Duration.ZERO).get();
      // killed once the reader has delivered a ChatEnded that is not committed yet
      killWhenReaderIsAheadOfCommit(reader.lastChatEndedOffset, first::kill);
      try (ChildJvm second = ChildJvm.start(RouterService.class, env, dir.resolve("second.log"))) {
        Eventually.assertThat(PATIENCE, () -> {
          Map<String, List<ConversationEvent>> log = committedLog(run);
          for (String key : scripts.keySet()) {
            assertTrue(log.getOrDefault(key, List.of()).stream()
                .anyMatch(e -> e.getBody() instanceof ControlReturnedToBot), key);
          }
        });
        // the restarted punctuator fires the timers again (its index came back without the aborted removal); a ping
        // written after that is processed after the repeated firings
        Thread.sleep(500);
        Map<String, List<SpecificRecord>> pings = new HashMap<>();
        scripts.keySet().forEach(k -> pings.put(k, List.of(visitorSays(k, k + "-ping", "ping"))));
        try (Inputs more = new Inputs(pings)) {
          more.produceAsync(Duration.ZERO).get();
        }
        Eventually.assertThat(PATIENCE, () -> {
          Map<String, List<ConversationEvent>> log = committedLog(run);
          for (String key : scripts.keySet()) {
            assertTrue(log.getOrDefault(key, List.of()).stream().anyMatch(e -> e.getCausationId().endsWith("-ping")),
                key);
          }
        });
        Outcome outcome = outcome(reader, scripts);
        assertEquals(List.of(), outcome.divergences(), "what the reader delivered is what was committed");
        assertTrue(outcome.replaysDropped() > 0, "the reader read records of the aborted transaction");
        Map<String, Long> firings = firings(run);
        for (String key : scripts.keySet()) {
          for (Map<String, List<ConversationEvent>> log : List.of(outcome.committed(), outcome.delivered())) {
            assertEquals(1, log.get(key).stream().filter(e -> e.getBody() instanceof ChatEnded).count(), key);
            assertEquals(new ChatEnded(EndedBy.timeout, "no agent was available within 2 seconds"),
                log.get(key).stream().filter(e -> e.getBody() instanceof ChatEnded).findFirst().get().getBody());
          }
          for (Map<String, List<ConnectorCommand>> commands : List.of(outcome.committedCommands(),
              outcome.deliveredCommands())) {
            assertEquals(1, commands.get(key).stream().filter(c -> c.getBody() instanceof EndChat).count(), key);
          }
          assertTrue(firings.getOrDefault(key, 0L) >= 1, key + " has its firing in the input log");
        }
        System.out.println("timer firings in the input log per conversation (repeats are dropped): " + firings);
      }
    }
  }

  // ---- the check ----

  /** What the reader delivered and what was committed, per conversation, and every difference between them. */
  private record Outcome(Map<String, List<ConversationEvent>> delivered, Map<String, List<ConversationEvent>> committed,
      Map<String, List<ConnectorCommand>> deliveredCommands, Map<String, List<ConnectorCommand>> committedCommands,
      List<String> divergences, long replaysDropped, long logRecordsRead, long committedLogRecords,
      Map<String, List<SpecificRecord>> scripts) {}

  private static Outcome outcome(GatedReader reader, Map<String, List<SpecificRecord>> scripts) throws Exception {
    String prefix = scripts.keySet().iterator().next().split("/")[0];
    reader.finish();
    reader.log.keySet().removeIf(k -> k.endsWith("/warm-up"));
    reader.commands.keySet().removeIf(k -> k.endsWith("/warm-up"));
    Map<String, List<ConversationEvent>> committed = committedLog(prefix);
    Map<String, List<ConnectorCommand>> commands = committed(Topics.connectorCommands(Platform.salesforce).name(),
        Topics.connectorCommands(Platform.salesforce).valueSerde().deserializer(), prefix);
    List<String> divergences = new ArrayList<>();
    divergences.addAll(divergences("log", reader.log, committed, ConversationEvent::getSequence));
    divergences.addAll(divergences("commands", reader.commands, commands, ConnectorCommand::getSequence));
    divergences.forEach(System.out::println);
    return new Outcome(reader.log, committed, reader.commands, commands, divergences,
        reader.logGate.dropped() + reader.commandGate.dropped(), reader.logRecordsRead,
        committed.values().stream().mapToLong(List::size).sum(), scripts);
  }

  /**
   * Every conversation whose delivered records differ from its committed ones, with the first difference: the
   * reader acted on something that the log does not hold (or missed something it does).
   */
  static <R> List<String> divergences(String what, Map<String, List<R>> delivered, Map<String, List<R>> committed,
      Function<R, Long> sequence) {
    List<String> found = new ArrayList<>();
    for (String key : new TreeSet<>(union(delivered.keySet(), committed.keySet()))) {
      List<R> d = delivered.getOrDefault(key, List.of());
      List<R> c = committed.getOrDefault(key, List.of());
      for (int i = 0; i < Math.max(d.size(), c.size()); i++) {
        R got = i < d.size() ? d.get(i) : null;
        R want = i < c.size() ? c.get(i) : null;
        if (got == null || !got.equals(want)) {
          found.add(what + " of " + key + " differs at sequence " + (got != null ? sequence.apply(got)
              : sequence.apply(want)) + ":\n  delivered: " + got + "\n  committed: " + want);
          break;
        }
      }
    }
    return found;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** The old crash test's checks: every input logged once, sequences 1..n, each source's order kept. */
  private static void assertComplete(Outcome outcome) {
    for (Map.Entry<String, List<SpecificRecord>> script : outcome.scripts().entrySet()) {
      String key = script.getKey();
      List<ConversationEvent> log = outcome.committed().get(key);
      Set<String> causes = log.stream().map(ConversationEvent::getCausationId).collect(Collectors.toSet());
      for (SpecificRecord input : script.getValue()) {
        assertTrue(causes.contains(ConversationInputs.eventId(ConversationInputs.of(input))), key + " misses one");
      }
      List<Long> sequences = log.stream().map(ConversationEvent::getSequence).toList();
      assertEquals(java.util.stream.LongStream.rangeClosed(1, log.size()).boxed().toList(), sequences, key);
      assertEquals(log.size(), log.stream().map(ConversationEvent::getEventId).distinct().count(), key);
      assertEquals(texts(script.getValue(), "v"), log.stream().filter(e -> e.getBody() instanceof VisitorMessage)
          .map(e -> ((VisitorMessage) e.getBody()).getText()).toList(), key + ": visitor order");
      assertEquals(texts(script.getValue(), "a"), log.stream().filter(e -> e.getBody() instanceof AgentMessage)
          .map(e -> ((AgentMessage) e.getBody()).getText()).toList(), key + ": agent order");
      List<ConnectorCommand> commands = outcome.committedCommands().get(key);
      assertEquals(java.util.stream.LongStream.rangeClosed(1, commands.size()).boxed().toList(),
          commands.stream().map(ConnectorCommand::getSequence).toList(), key + ": command sequences");
      assertEquals(12, commands.size(), key + ": StartChat, 3 held messages, 8 relayed");
    }
  }

  private static List<String> texts(List<SpecificRecord> script, String prefix) {
    return script.stream()
        .map(v -> v instanceof VisitorEvent e && e.getBody() instanceof VisitorMessage m ? m.getText()
            : v instanceof AgentEvent a && a.getBody() instanceof AgentMessage m2 ? m2.getText() : "")
        .filter(s -> s.startsWith(prefix)).toList();
  }

  // ---- the router, its inputs, the log ----

  private static Map<String, String> env(String run, String instance, String stateDir) {
    Map<String, String> env = new HashMap<>();
    env.put("BATON_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("BATON_KAFKA_SESSION_TIMEOUT_MS", "3000"); // the test broker allows it: a frozen member is noticed soon
    env.put("BATON_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    env.put("BATON_ROUTER_APPLICATION_ID", "router-" + run);
    env.put("BATON_ROUTER_INSTANCE_ID", instance);
    env.put("BATON_ROUTER_STATE_DIR", stateDir);
    env.put("BATON_ROUTER_COMMIT_INTERVAL_MS", COMMIT_INTERVAL_MS);
    return env;
  }

  private static RouterConfig config(String run, String instance, String stateDir) {
    return RouterConfig.fromEnv(env(run, instance, stateDir));
  }

  private static KafkaSettings failover() {
    return new KafkaSettings(settings.bootstrapServers(), (short) 1, Map.of("session.timeout.ms", "3000",
        "heartbeat.interval.ms", "1000"));
  }

  /** Waits until the router (just started) has processed an input: the reader delivers its log record. */
  private static void awaitProcessing(GatedReader reader, String run) throws Exception {
    String key = run + "/warm-up";
    try (Inputs warmUp = new Inputs(Map.of(key, List.of(visitorSays(key, key + "-v", "warm up"))))) {
      warmUp.produceAsync(Duration.ZERO).get();
    }
    Eventually.until(PATIENCE, "the router processing", () -> !reader.lastLogOffset.isEmpty());
  }

  /**
   * Acts (kills, freezes) at once when the reader has read a log record of this test (its highest offset per
   * partition in {@code read}) at or beyond the last stable offset of its partition: a record of a transaction that
   * is still open.
   */
  private static void killWhenReaderIsAheadOfCommit(Map<Integer, Long> read, Action kill) throws Exception {
    try (Admin admin = kafka.admin()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < Topics.PARTITIONS; p++) {
        partitions.add(new TopicPartition(Topics.CONVERSATION_EVENTS.name(), p));
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (System.nanoTime() < deadline) {
        var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        for (TopicPartition tp : partitions) {
          Long offset = read.get(tp.partition());
          if (offset != null && offset >= stable.get(tp).offset()) {
            kill.run();
            return;
          }
        }
        Thread.sleep(5);
      }
      throw new AssertionError("the reader never got ahead of the router's commits");
    }
  }

  /** Waits until the group's only members are the given instance's (the frozen one's session expired). */
  private static void awaitOnlyMember(String group, String instance) throws Exception {
    try (Admin admin = kafka.admin()) {
      Eventually.assertThat(PATIENCE, () -> {
        var members = admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
        assertFalse(members.isEmpty());
        for (var member : members) {
          assertTrue(member.groupInstanceId().orElse("").startsWith(instance), member.toString());
        }
      });
    }
  }

  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  private static void awaitCommitted(Map<String, List<SpecificRecord>> scripts) {
    String prefix = scripts.keySet().iterator().next().split("/")[0];
    Eventually.assertThat(PATIENCE, () -> {
      Map<String, List<ConversationEvent>> log = committedLog(prefix);
      for (Map.Entry<String, List<SpecificRecord>> script : scripts.entrySet()) {
        List<SpecificRecord> inputs = script.getValue();
        String last = ConversationInputs.eventId(ConversationInputs.of(inputs.get(inputs.size() - 1)));
        assertTrue(log.getOrDefault(script.getKey(), List.of()).stream().anyMatch(e -> e.getCausationId().equals(last)
            && e.getBody() instanceof ControlReturnedToBot), script.getKey() + " is not complete");
      }
    });
  }

  private static Map<String, List<ConversationEvent>> committedLog(String prefix) {
    return committed(Topics.CONVERSATION_EVENTS.name(), Topics.CONVERSATION_EVENTS.valueSerde().deserializer(),
        prefix);
  }

  private static <V> Map<String, List<V>> committed(String topic,
      org.apache.kafka.common.serialization.Deserializer<V> values, String prefix) {
    Map<String, List<V>> byKey = new HashMap<>();
    for (ConsumerRecord<String, V> r : kafka.readAll(topic, Serdes.String().deserializer(), values)) {
      if (r.key() != null && r.key().startsWith(prefix + "/") && !r.key().endsWith("/warm-up")) {
        byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
      }
    }
    return byKey;
  }

  /** How many timer firings each conversation has in the input log (other tests put unreadable records there). */
  private static Map<String, Long> firings(String prefix) {
    var values = Topics.CONVERSATION_INPUTS.valueSerde().deserializer();
    return kafka.readAll(Topics.CONVERSATION_INPUTS.name(), Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer()).stream()
        .filter(r -> r.key() != null && r.key().startsWith(prefix + "/")
            && values.deserialize(r.topic(), r.value()).getInput() instanceof TimerFired)
        .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
  }

  /** Each conversation: a bot-phase message, a handover, 3 held messages, queued, joined, 8 exchanges, the end. */
  private static Map<String, List<SpecificRecord>> scripts(String run, int conversations) {
    Map<String, List<SpecificRecord>> scripts = new HashMap<>();
    for (int c = 0; c < conversations; c++) {
      String key = run + "/c-" + c;
      String h = key + "-h";
      List<SpecificRecord> script = new ArrayList<>();
      script.add(visitorSays(key, key + "-v0", "v0"));
      script.add(handover(key, h));
      for (int i = 1; i <= 3; i++) {
        script.add(visitorSays(key, key + "-v" + i, "v" + i));
      }
      script.add(agent(key, h, key + "-q", new ChatQueued(1, 10)));
      script.add(agent(key, h, key + "-j", new AgentJoined("Alex", null)));
      for (int i = 1; i <= 8; i++) {
        script.add(visitorSays(key, key + "-v" + (3 + i), "v" + (3 + i)));
        script.add(agent(key, h, key + "-a" + i, new AgentMessage("a" + i, "Alex", List.of())));
      }
      script.add(agent(key, h, key + "-end", new ChatEnded(EndedBy.agent, null)));
      scripts.put(key, script);
    }
    return scripts;
  }

  private static VisitorEvent visitorSays(String key, String id, String text) {
    String[] parts = key.split("/");
    return VisitorEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(parts[0])
        .setConversationId(parts[1]).setBody(new VisitorMessage(text, List.of())).build();
  }

  private static HandoverRequested handover(String key, String id) {
    String[] parts = key.split("/");
    return HandoverRequested.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(parts[0])
        .setConversationId(parts[1]).setPlatform(Platform.salesforce).setConnectionId("sf-1")
        .setConnection(ConnectionSnapshot.newBuilder().setConnectionId("sf-1").setTenant(parts[0])
            .setPlatform(Platform.salesforce).setEnabled(true).setStatus(ConnectionStatus.active).build())
        .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D").setDeploymentId("572")
            .setButtonId("573").setLiveAgentHostname("la.example").build())
        .setContext(VisitorContext.newBuilder().build()).build();
  }

  private static AgentEvent agent(String key, String handover, String id, SpecificRecord body) {
    String[] parts = key.split("/");
    return AgentEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(parts[0])
        .setConversationId(parts[1]).setPlatform(Platform.salesforce).setHandoverId(handover).setBody(body).build();
  }

  /** Produces the scripts round-robin over the conversations, one producer (so each conversation keeps its order). */
  private static final class Inputs implements AutoCloseable {
    private final Map<String, List<SpecificRecord>> scripts;
    private final KafkaProducer<String, ConversationInput> producer = new KafkaProducer<>(
        settings.producerProperties("inputs-" + UUID.randomUUID()), new StringSerializer(),
        Topics.CONVERSATION_INPUTS.valueSerde().serializer());
    private volatile int produced;

    Inputs(Map<String, List<SpecificRecord>> scripts) {
      this.scripts = scripts;
    }

    int total() {
      return scripts.values().stream().mapToInt(List::size).sum();
    }

    int produced() {
      return produced;
    }

    CompletableFuture<Void> produceAsync(Duration pause) {
      return CompletableFuture.runAsync(() -> {
        List<String> keys = new ArrayList<>(new TreeSet<>(scripts.keySet()));
        int longest = scripts.values().stream().mapToInt(List::size).max().orElse(0);
        try {
          for (int step = 0; step < longest; step++) {
            for (String key : keys) {
              List<SpecificRecord> script = scripts.get(key);
              if (step < script.size()) {
                producer.send(ConversationInputs.record(key, script.get(step)));
                produced++;
                if (!pause.isZero()) {
                  Thread.sleep(pause.toMillis());
                }
              }
            }
          }
          producer.flush();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      });
    }

    @Override
    public void close() {
      producer.close();
    }
  }
}
