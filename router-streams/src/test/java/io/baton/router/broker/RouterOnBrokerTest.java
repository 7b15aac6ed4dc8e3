package io.baton.router.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConversationEvent;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.router.RouterTopology;
import io.baton.router.deadletter.DeadLetterOnBadRecord;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The router on a real broker: dead letters, and a crash in the middle of many concurrent conversations. */
@ExtendWith(KafkaBrokerExtension.class)
class RouterOnBrokerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  static KafkaBroker kafka;
  static KafkaSettings settings;
  private static final Map<String, String> QUICK_FAILOVER = Map.of("session.timeout.ms", "6000");

  @BeforeAll
  static void topics(KafkaBroker broker) {
    kafka = broker;
    settings = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
  }

  @Test
  void anUnreadableRecordIsDeadLetteredOnTheBrokerAndTheRouterGoesOn(@TempDir Path state) throws Exception {
    String key = "dlq/" + UUID.randomUUID();
    RouterService router = new RouterService(RouterConfig.defaults().withApplicationId("router-dlq-test")
        .withStateDir(state.toString()), settings);
    router.start();
    try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(settings.producerProperties("dlq-raw"),
        new StringSerializer(), new ByteArraySerializer());
         KafkaProducer<String, VisitorEvent> visitors =
             producer("dlq-visitor", Topics.VISITOR_EVENTS.valueSerde().serializer())) {
      raw.send(new ProducerRecord<>(Topics.VISITOR_EVENTS.name(), key, "{\"text\":\"json, not avro\"}"
          .getBytes(StandardCharsets.UTF_8))).get();
      visitors
          .send(new ProducerRecord<>(Topics.VISITOR_EVENTS.name(), key, visitorSays(key, "v1", "after the bad one")))
          .get();
    }
    try {
      List<ConsumerRecord<String, byte[]>> dead = kafka
          .readUntil(Topics.deadLetters(Topics.VISITOR_EVENTS.name()).name(),
              Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
              read -> read.stream().anyMatch(r -> key.equals(r.key())), PATIENCE)
          .stream()
          .filter(r -> key.equals(r.key())).toList();
      assertEquals(1, dead.size());
      assertEquals("{\"text\":\"json, not avro\"}", new String(dead.get(0).value(), StandardCharsets.UTF_8));
      assertEquals("record on visitor.events.v1 is not in the Confluent Avro wire format (magic byte 0)",
          new String(dead.get(0).headers().lastHeader(DeadLetterOnBadRecord.ERROR_HEADER).value(),
              StandardCharsets.UTF_8));
      List<ConversationEvent> log = logOf(key, 1);
      assertEquals(List.of(1L), log.stream().map(ConversationEvent::getSequence).toList());
      assertEquals(new VisitorMessage("after the bad one", List.of()), log.get(0).getBody());
    } finally {
      router.stop();
    }
  }

  /** A queue timer set before a restart fires after it, once, although the new instance starts without local state. */
  @Test
  void aTimerSurvivesARestartOnAnotherMachine(@TempDir Path before, @TempDir Path after) throws Exception {
    String key = "timer/" + UUID.randomUUID();
    RouterConfig config = RouterConfig.defaults().withApplicationId("router-timer-test")
        .withQueueTimeout(Duration.ofSeconds(5)).withTimerInterval(Duration.ofMillis(200));
    // Streams members do not leave the group on close; a short session lets the next one take over quickly
    KafkaSettings failover = new KafkaSettings(settings.bootstrapServers(), (short) 1, QUICK_FAILOVER);
    RouterService first = new RouterService(config.withStateDir(before.toString()), failover);
    first.start();
    try (KafkaProducer<String, HandoverRequested> handovers = producer("timer-handover",
        Topics.HANDOVER_REQUESTS.valueSerde().serializer())) {
      handovers.send(new ProducerRecord<>(Topics.HANDOVER_REQUESTS.name(), key, HandoverRequested.newBuilder()
          .setEventId(key + "-h").setOccurredAt(Instant.now()).setTenant("timer")
          .setConversationId(key.substring("timer/".length())).setPlatform(Platform.salesforce)
          .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D").setDeploymentId("572")
              .setButtonId("573").setLiveAgentHostname("la.example").build())
          .setContext(VisitorContext.newBuilder().build()).build())).get();
    }
    logOf(key, 1);
    first.stop();
    assertEquals(1, kafka.readAll(Topics.CONVERSATION_EVENTS.name(), Serdes.String().deserializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().deserializer()).stream().filter(r -> key.equals(r.key())).count(),
        "stopped before the timer was due");
    // a new instance with an empty state directory: the timer can only come from the changelog
    RouterService second = new RouterService(config.withStateDir(after.toString()), failover);
    second.start();
    try {
      List<ConversationEvent> log = logOf(key, 3);
      assertEquals(List.of("HandoverStarted", "ChatEnded", "ControlReturnedToBot"),
          log.stream().map(e -> e.getBody().getClass().getSimpleName()).toList());
      assertEquals(new io.baton.events.ChatEnded(EndedBy.timeout, "no agent was available within 5 seconds"),
          log.get(1).getBody());
    } finally {
      second.stop();
    }
  }

  /**
   * Many conversations, produced concurrently and interleaved; the router is closed without a clean shutdown in the
   * middle and restarted with the same application id and state directory. Every conversation's log must hold every
   * input once, with sequence 1..n, and each source's order kept.
   */
  @Test
  void aRouterCrashInTheMiddleOfManyConversationsLosesAndDoublesNothing(@TempDir Path state) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    RouterConfig config = RouterConfig.defaults().withApplicationId("router-crash-" + run)
        .withStateDir(state.toString());
    int conversations = 24;
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < conversations; i++) {
      keys.add("crash-" + run + "/c-" + i);
    }
    Map<String, List<Input>> scripts = new HashMap<>();
    keys.forEach(k -> scripts.put(k, script(k)));
    int inputs = scripts.values().stream().mapToInt(List::size).sum();

    Process first = routerProcess(config, state.resolve("first-router.log"));
    Semaphore released = new Semaphore(0);
    ExecutorService producers = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      List<String> mine = keys.subList(p * conversations / 4, (p + 1) * conversations / 4);
      done.add(producers.submit(() -> {
        produceInterleaved(mine, scripts, released);
        return null;
      }));
    }
    released.release(inputs / 2);
    Eventually.until(PATIENCE, "a third of the inputs in the log", () -> logCount(keys) >= inputs / 3);
    released.release(Integer.MAX_VALUE / 2); // the rest flows while the router dies
    first.destroyForcibly(); // SIGKILL: no commit, no close; an open transaction is left for the next instance to abort
    first.waitFor();

    // the group notices the dead member after its session timeout; a short one keeps the test short
    KafkaSettings failover = new KafkaSettings(settings.bootstrapServers(), (short) 1, QUICK_FAILOVER);
    KafkaStreams second =
        new KafkaStreams(RouterTopology.build(config), RouterService.streamsProperties(config, failover));
    second.start();
    try {
      for (Future<?> f : done) {
        f.get();
      }
      producers.shutdown();
      Map<String, List<ConversationEvent>> logs = new HashMap<>();
      Eventually.assertThat(PATIENCE, () -> {
        logs.clear();
        logs.putAll(logs(keys));
        for (String key : keys) {
          Set<String> causes = logs.getOrDefault(key, List.of()).stream().map(ConversationEvent::getCausationId)
              .collect(Collectors.toSet());
          for (Input input : scripts.get(key)) {
            assertTrue(causes.contains(input.id()), key + " misses " + input.id());
          }
        }
      });
      for (String key : keys) {
        List<ConversationEvent> log = logs.get(key);
        List<Long> sequences = log.stream().map(ConversationEvent::getSequence).toList();
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= log.size(); s++) {
          expected.add(s);
        }
        assertEquals(expected, sequences, key + ": sequence 1..n, in order, no gaps, no repeats");
        assertEquals(log.size(), log.stream().map(ConversationEvent::getEventId).distinct().count(), key);
        Set<String> seen = new HashSet<>();
        for (ConversationEvent e : log) {
          assertTrue(seen.add(e.getCausationId() + "/" + e.getBody().getClass().getSimpleName()),
              key + ": " + e.getCausationId() + " logged twice");
        }
        assertEquals(texts(scripts.get(key), "v"), log.stream().filter(e -> e.getBody() instanceof VisitorMessage)
            .map(e -> ((VisitorMessage) e.getBody()).getText()).toList(), key + ": visitor order");
        assertEquals(texts(scripts.get(key), "a"), log.stream().filter(e -> e.getBody() instanceof AgentMessage)
            .map(e -> ((AgentMessage) e.getBody()).getText()).toList(), key + ": agent order");
      }
    } finally {
      second.close(Duration.ofSeconds(30));
    }
  }

  /** The router in its own JVM, as production runs it, so that it can be killed for real. */
  private static Process routerProcess(RouterConfig config, Path output) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), RouterService.class.getName());
    builder.environment().put("BATON_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    builder.environment().put("BATON_KAFKA_SESSION_TIMEOUT_MS", QUICK_FAILOVER.get("session.timeout.ms"));
    builder.environment().put("BATON_ROUTER_APPLICATION_ID", config.applicationId());
    builder.environment().put("BATON_ROUTER_STATE_DIR", config.stateDir());
    builder.redirectErrorStream(true).redirectOutput(output.toFile());
    return builder.start();
  }

  /** One input of a conversation: its topic, id, and value. */
  private record Input(String topic, String id, SpecificRecord value) {}

  private static List<Input> script(String key) {
    String[] parts = key.split("/");
    String t = parts[0];
    String c = parts[1];
    Instant now = Instant.now();
    List<Input> script = new ArrayList<>();
    script.add(new Input(Topics.VISITOR_EVENTS.name(), key + "-v0", visitorSays(key, key + "-v0", "v0")));
    script.add(new Input(Topics.BOT_EVENTS.name(), key + "-b0", BotEvent.newBuilder().setEventId(key + "-b0")
        .setOccurredAt(now).setTenant(t).setConversationId(c).setBody(new BotMessage("hi", List.of(), List.of()))
        .build()));
    String handover = key + "-h";
    script.add(new Input(Topics.HANDOVER_REQUESTS.name(), handover, HandoverRequested.newBuilder().setEventId(handover)
        .setOccurredAt(now).setTenant(t).setConversationId(c).setPlatform(Platform.salesforce)
        .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D").setDeploymentId("572")
            .setButtonId("573").setLiveAgentHostname("la.example").build())
        .setContext(VisitorContext.newBuilder().build()).build()));
    script.add(agent(key, handover, key + "-q", new ChatQueued(1, 10)));
    script.add(agent(key, handover, key + "-j", new AgentJoined("Alex", null)));
    for (int i = 1; i <= 4; i++) {
      script.add(new Input(Topics.VISITOR_EVENTS.name(), key + "-v" + i, visitorSays(key, key + "-v" + i, "v" + i)));
      script.add(agent(key, handover, key + "-a" + i, new AgentMessage("a" + i, "Alex", List.of())));
    }
    script.add(agent(key, handover, key + "-end", new ChatEnded(EndedBy.agent, null)));
    return script;
  }

  private static List<String> texts(List<Input> script, String prefix) {
    return script.stream().map(i -> i.value())
        .map(v -> v instanceof VisitorEvent e && e.getBody() instanceof VisitorMessage m
            ? m.getText() : v instanceof AgentEvent a && a.getBody() instanceof AgentMessage m2 ? m2.getText() : "")
        .filter(s -> s.startsWith(prefix)).toList();
  }

  private static Input agent(String key, String handover, String id, SpecificRecord body) {
    String[] parts = key.split("/");
    return new Input(Topics.AGENT_EVENTS.name(), id, AgentEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now())
        .setTenant(parts[0]).setConversationId(parts[1]).setPlatform(Platform.salesforce).setHandoverId(handover)
        .setBody(body).build());
  }

  private static VisitorEvent visitorSays(String key, String id, String text) {
    String[] parts = key.split("/");
    return VisitorEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(parts[0])
        .setConversationId(parts[1]).setBody(new VisitorMessage(text, List.of())).build();
  }

  /** Round-robin over the conversations, one input at a time, each waiting for a permit (so the test can pace). */
  private static void produceInterleaved(List<String> keys, Map<String, List<Input>> scripts, Semaphore permits)
      throws Exception {
    Serializer<SpecificRecord> values = anyValue();
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
        settings.producerProperties("crash-producer-" + UUID.randomUUID()), new StringSerializer(), values)) {
      int longest = keys.stream().mapToInt(k -> scripts.get(k).size()).max().orElse(0);
      for (int step = 0; step < longest; step++) {
        for (String key : keys) {
          List<Input> script = scripts.get(key);
          if (step < script.size()) {
            permits.acquire();
            Input input = script.get(step);
            // acknowledged before the next input of the conversation: order across its topics is kept
            producer.send(new ProducerRecord<>(input.topic(), key, input.value())).get();
          }
        }
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Serializer<SpecificRecord> anyValue() {
    Map<String, Serializer> byTopic = Map.of(
        Topics.VISITOR_EVENTS.name(), Topics.VISITOR_EVENTS.valueSerde().serializer(),
        Topics.BOT_EVENTS.name(), Topics.BOT_EVENTS.valueSerde().serializer(),
        Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.valueSerde().serializer(),
        Topics.HANDOVER_REQUESTS.name(), Topics.HANDOVER_REQUESTS.valueSerde().serializer());
    return (topic, value) -> byTopic.get(topic).serialize(topic, value);
  }

  private static <V> KafkaProducer<String, V> producer(String id, Serializer<V> values) {
    return new KafkaProducer<>(settings.producerProperties(id), new StringSerializer(), values);
  }

  private static Map<String, List<ConversationEvent>> logs(List<String> keys) {
    Set<String> wanted = new HashSet<>(keys);
    return kafka.readAll(Topics.CONVERSATION_EVENTS.name(), Serdes.String().deserializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().deserializer()).stream()
        .filter(r -> wanted.contains(r.key()))
        .collect(
            Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
  }

  private static long logCount(List<String> keys) {
    return logs(keys).values().stream().mapToLong(List::size).sum();
  }

  private static List<ConversationEvent> logOf(String key, int atLeast) {
    return kafka.readUntil(Topics.CONVERSATION_EVENTS.name(), Serdes.String().deserializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().deserializer(),
        read -> read.stream().filter(r -> key.equals(r.key())).count() >= atLeast, PATIENCE).stream()
        .filter(r -> key.equals(r.key())).map(ConsumerRecord::value).toList();
  }
}
