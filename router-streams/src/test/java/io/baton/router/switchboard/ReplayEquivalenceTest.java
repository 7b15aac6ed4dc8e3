package io.baton.router.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.ConnectorCommand;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationInput;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorMessage;
import io.baton.events.VisitorTyping;
import io.baton.router.RouterConfig;
import io.baton.router.RouterTopology;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The router is deterministic: its outputs are a function of the committed state and the input record. This is what
 * lets readers act on records before the transaction commits: after a crash, the aborted outputs are regenerated
 * identically from the committed state and the same inputs.
 *
 * <p>A seeded script of many racing conversations runs once; the punctuator's firings are appended to the input log
 * as they happen, so the final input log is the truth. Then, for several cut points k, every store's content after
 * input k-1 is loaded into a fresh driver whose wall clock is far elsewhere (and moves differently), which processes
 * inputs k..n: every output of every input must be identical, record for record (topic, key, timestamp and every
 * field: eventId, body, status, controller, sequence, causationId, occurredAt; commands' platform and sequence).
 * Whoever makes the router read the wall clock, another topic or a global store, or keeps state outside the stores,
 * breaks this test.
 */
class ReplayEquivalenceTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final RouterConfig CONFIG = RouterConfig.defaults().withQueueTimeout(Duration.ofSeconds(60))
      .withIdleTimeouts(Duration.ofSeconds(90), Duration.ofSeconds(120)).withRetention(Duration.ofHours(2))
      .withDedupWindow(16).withTimerInterval(Duration.ofSeconds(1));
  private static final int CONVERSATIONS = 16;
  private static final int STEPS = 1200;

  /** One input of the final log and what the first run output for it. */
  private record Processed(TestRecord<String, ConversationInput> input, List<String> outputs) {}

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void replayingFromAnyCommittedStateReproducesEveryOutput(long seed) {
    Random random = new Random(seed);
    List<Processed> log = new ArrayList<>();
    Map<Integer, Map<String, List<KeyValue<Object, Object>>>> snapshots = new HashMap<>();
    TreeSet<Integer> cuts = new TreeSet<>();
    cuts.add(0);
    for (int i = 0; i < 5; i++) {
      cuts.add(random.nextInt(STEPS));
    }
    int timers = 0;
    try (Run first = new Run(T0)) {
      Script script = new Script(random);
      Instant clock = T0;
      for (int step = 0; step < STEPS; step++) {
        if (cuts.contains(step)) {
          snapshots.put(log.size(), first.snapshot());
        }
        Duration pause = script.pause();
        clock = clock.plus(pause);
        for (TestRecord<String, ConversationInput> firing : first.advance(pause)) {
          log.add(new Processed(firing, first.process(firing))); // appended to the input log as it happens
          timers++;
        }
        for (Script.Input in : script.next()) {
          TestRecord<String, ConversationInput> record =
              new TestRecord<>(in.key(), ConversationInputs.of(in.value()), clock);
          log.add(new Processed(record, first.process(record)));
        }
      }
    }
    assertTrue(timers > 20, "timers came due and fired: " + timers);
    assertTrue(log.stream().anyMatch(p -> p.outputs().stream().anyMatch(o -> o.contains("\"ChatEnded\"")
        || o.contains("timeout"))), "some timer ended a chat");

    int replayed = 0;
    for (Map.Entry<Integer, Map<String, List<KeyValue<Object, Object>>>> cut : snapshots.entrySet()) {
      int k = cut.getKey();
      // another wall clock: far ahead (every timer is due at once) or behind (none is), and moving otherwise
      Instant wall = (k % 2 == 0) ? T0.plus(Duration.ofDays(400)) : T0.minus(Duration.ofDays(400));
      try (Run again = new Run(wall)) {
        again.load(cut.getValue());
        for (int i = k; i < log.size(); i++) {
          if (i % 7 == 0) {
            again.advance(Duration.ofSeconds(random.nextInt(600))); // its firings are not inputs of this log
          }
          List<String> outputs = again.process(log.get(i).input());
          replayed++;
          compare(seed, k, i, log.get(i), outputs);
        }
      }
    }
    assertTrue(replayed > STEPS, "replayed " + replayed);
  }

  private static void compare(long seed, int cut, int index, Processed first, List<String> again) {
    List<String> expected = first.outputs();
    for (int o = 0; o < Math.max(expected.size(), again.size()); o++) {
      String e = o < expected.size() ? expected.get(o) : "(nothing)";
      String a = o < again.size() ? again.get(o) : "(nothing)";
      if (!e.equals(a)) {
        fail("seed " + seed + ", replay from input " + cut + ": output " + o + " of input " + index + " ("
            + first.input().key() + " " + first.input().value() + " at " + first.input().getRecordTime()
            + ") differs:\n first run: " + e + "\n replay:    " + a);
      }
    }
  }

  /** The production topology in a driver; firings are collected, and piped only when the caller says so. */
  private static final class Run implements AutoCloseable {
    final TopologyTestDriver driver;
    final TestInputTopic<String, ConversationInput> inputs;
    final TestOutputTopic<String, ConversationEvent> log;
    final Map<Platform, TestOutputTopic<String, ConnectorCommand>> commands = new LinkedHashMap<>();
    final List<TestRecord<String, ConversationInput>> fired = new ArrayList<>();

    Run(Instant wallClock) {
      driver = new TopologyTestDriver(RouterTopology.build(CONFIG,
          (key, firing, timestamp) -> fired.add(new TestRecord<>(key, ConversationInputs.of(firing),
              Instant.ofEpochMilli(timestamp)))),
          SwitchboardDriver.properties(CONFIG), wallClock);
      inputs = driver.createInputTopic(Topics.CONVERSATION_INPUTS.name(), Serdes.String().serializer(),
          Topics.CONVERSATION_INPUTS.valueSerde().serializer());
      log = driver.createOutputTopic(Topics.CONVERSATION_EVENTS.name(), Serdes.String().deserializer(),
          Topics.CONVERSATION_EVENTS.valueSerde().deserializer());
      for (Platform p : Platform.values()) {
        commands.put(p, driver.createOutputTopic(Topics.connectorCommands(p).name(), Serdes.String().deserializer(),
            Topics.connectorCommands(p).valueSerde().deserializer()));
      }
    }

    /** Every output of one input, as text with every field. */
    List<String> process(TestRecord<String, ConversationInput> input) {
      inputs.pipeInput(input);
      return outputs();
    }

    private List<String> outputs() {
      List<String> out = new ArrayList<>();
      for (TestRecord<String, ConversationEvent> r : log.readRecordsToList()) {
        out.add(Topics.CONVERSATION_EVENTS.name() + " " + r.key() + " @" + r.timestamp() + " " + r.value());
      }
      commands.forEach((platform, topic) -> {
        for (TestRecord<String, ConnectorCommand> r : topic.readRecordsToList()) {
          out.add(Topics.connectorCommands(platform).name() + " " + r.key() + " @" + r.timestamp() + " " + r.value());
        }
      });
      return out;
    }

    /** Moves the wall clock; the punctuator may write firings, but never an output. */
    List<TestRecord<String, ConversationInput>> advance(Duration d) {
      driver.advanceWallClockTime(d);
      assertEquals(List.of(), outputs(), "the punctuator wrote an output");
      List<TestRecord<String, ConversationInput>> firings = List.copyOf(fired);
      fired.clear();
      return firings;
    }

    Map<String, List<KeyValue<Object, Object>>> snapshot() {
      Map<String, List<KeyValue<Object, Object>>> stores = new LinkedHashMap<>();
      for (Map.Entry<String, StateStore> store : driver.getAllStateStores().entrySet()) {
        List<KeyValue<Object, Object>> entries = new ArrayList<>();
        @SuppressWarnings("unchecked")
        KeyValueStore<Object, Object> kv = (KeyValueStore<Object, Object>) store.getValue();
        try (KeyValueIterator<Object, Object> it = kv.all()) {
          it.forEachRemaining(entries::add);
        }
        stores.put(store.getKey(), entries);
      }
      assertEquals(2, stores.size(), "the conversations and the timer index: " + stores.keySet());
      return stores;
    }

    void load(Map<String, List<KeyValue<Object, Object>>> stores) {
      stores.forEach((name, entries) -> {
        KeyValueStore<Object, Object> kv = driver.getKeyValueStore(name);
        entries.forEach(e -> kv.put(e.key, e.value));
      });
    }

    @Override
    public void close() {
      driver.close();
    }
  }

  /** Random racing conversations: inputs of visitors, bots and agents as they might interleave. */
  private static final class Script {
    record Input(String key, SpecificRecord value) {}

    private final Random random;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, String> liveHandover = new HashMap<>();
    private final Map<String, List<String>> handovers = new HashMap<>();
    private final Map<String, List<SpecificRecord>> sent = new HashMap<>();
    private int ids;

    Script(Random random) {
      this.random = random;
      for (int i = 0; i < CONVERSATIONS; i++) {
        String key = "t" + (i % 3) + "/c-" + i;
        keys.add(key);
        handovers.put(key, new ArrayList<>());
        sent.put(key, new ArrayList<>());
      }
    }

    /** The time between two steps: mostly short; sometimes long enough for queue and idle timers, rarely retention. */
    Duration pause() {
      int dice = random.nextInt(1000);
      if (dice < 3) {
        return Duration.ofHours(2).plusSeconds(random.nextInt(600));
      } else if (dice < 40) {
        return Duration.ofSeconds(30 + random.nextInt(150));
      }
      return Duration.ofMillis(random.nextInt(3000));
    }

    List<Input> next() {
      String key = keys.get(random.nextInt(keys.size()));
      String tenant = key.substring(0, key.indexOf('/'));
      String conversation = key.substring(key.indexOf('/') + 1);
      String id = key + "#" + ids++;
      int dice = random.nextInt(100);
      List<Input> out = new ArrayList<>();
      if (dice < 6 && !sent.get(key).isEmpty()) { // a redelivery
        List<SpecificRecord> mine = sent.get(key);
        out.add(new Input(key, mine.get(mine.size() - 1 - random.nextInt(Math.min(mine.size(), 24)))));
        return out;
      } else if (dice < 30) {
        out.add(visitor(key, tenant, conversation, id, new VisitorMessage("v " + id, List.of()), null));
      } else if (dice < 34) {
        out.add(visitor(key, tenant, conversation, id, new VisitorTyping(random.nextBoolean()), null));
      } else if (dice < 36) {
        out.add(visitor(key, tenant, conversation, id, new VisitorMessage("in inbox " + id, List.of()),
            Platform.chat2desk));
      } else if (dice < 37) {
        out.add(visitor(key, tenant, conversation, id, new VisitorLeft(null), null));
      } else if (dice < 38) { // a burst: more than the 200 held at most
        for (int i = 0; i < 205; i++) {
          out.add(visitor(key, tenant, conversation, id + "." + i, new VisitorMessage("burst " + i, List.of()), null));
        }
      } else if (dice < 46) {
        out.add(new Input(key, BotEvent.newBuilder().setEventId(id).setOccurredAt(T0).setTenant(tenant)
            .setConversationId(conversation).setBody(new BotMessage("bot " + id, List.of(), List.of())).build()));
      } else if (dice < 54) {
        out.add(new Input(key, handover(tenant, conversation, id)));
        handovers.get(key).add(id);
        liveHandover.putIfAbsent(key, id);
      } else {
        List<String> known = handovers.get(key);
        String handover = dice < 94 || known.isEmpty() ? liveHandover.getOrDefault(key, "h-none")
            : known.get(random.nextInt(known.size())); // a stale handover's late event
        SpecificRecord body = agentBody(id);
        if (body instanceof ChatEnded || body instanceof HandoverFailed) {
          liveHandover.remove(key);
        }
        out.add(new Input(key, AgentEvent.newBuilder().setEventId(id).setOccurredAt(T0).setTenant(tenant)
            .setConversationId(conversation).setPlatform(Platform.salesforce).setHandoverId(handover).setBody(body)
            .build()));
      }
      out.forEach(i -> sent.get(key).add(i.value()));
      return out;
    }

    private Input visitor(String key, String tenant, String conversation, String id, SpecificRecord body,
        Platform channel) {
      return new Input(key, VisitorEvent.newBuilder().setEventId(id).setOccurredAt(T0).setTenant(tenant)
          .setConversationId(conversation).setChannel(channel).setChannelConnectionId(channel == null ? null : "c2d")
          .setContext(random.nextInt(10) == 0 ? VisitorContext.newBuilder().setName("V" + id)
              .setAttributes(Map.of("a" + random.nextInt(5), id)).build() : null)
          .setBody(body).build());
    }

    private SpecificRecord agentBody(String id) {
      int dice = random.nextInt(100);
      if (dice < 10) {
        return new ChatQueued(random.nextInt(5), 30);
      } else if (dice < 25) {
        return new AgentJoined("Alex", null);
      } else if (dice < 60) {
        return new AgentMessage("a " + id, "Alex", List.of());
      } else if (dice < 70) {
        return new AgentTyping(random.nextBoolean());
      } else if (dice < 77) {
        return new AgentLeft("Alex");
      } else if (dice < 82) {
        return new ChatTransferred("Sam", null);
      } else if (dice < 94) {
        return new ChatEnded(EndedBy.agent, null);
      }
      return new HandoverFailed("no agents");
    }

    private HandoverRequested handover(String tenant, String conversation, String id) {
      HandoverRequested.Builder request = HandoverRequested.newBuilder().setEventId(id).setOccurredAt(T0)
          .setTenant(tenant).setConversationId(conversation).setPlatform(Platform.salesforce)
          .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D").setDeploymentId("572")
              .setButtonId("573").setLiveAgentHostname("la.example").build())
          .setContext(VisitorContext.newBuilder().build());
      int dice = random.nextInt(12);
      Map<String, String> settings = switch (dice) {
        case 0 -> Map.of("businessHours", "mon-fri 09:00-17:00", "timeZone", "Europe/Berlin");
        case 1 -> Map.of("businessHours", "every day");
        case 2, 3 -> Map.of("queueTimeoutSeconds", Integer.toString(20 + random.nextInt(100)));
        default -> Map.of();
      };
      if (dice == 4) {
        return request.setConnectionId("sf-gone").build(); // the ingress does not know it
      } else if (dice == 5) {
        return request.setConnectionId("sf-1").setConnection(snapshot("sf-1", tenant, Platform.salesforce, false,
            settings)).build();
      } else if (dice == 6) {
        return request.setConnectionId("sf-1").setConnection(snapshot("sf-1", "other", Platform.salesforce, true,
            settings)).build();
      } else if (dice == 7) {
        return request.setPlatform(Platform.chat2desk)
            .setPayload(Chat2DeskHandover.newBuilder().setOperatorGroupId("7").build()).build();
      } else if (dice < 10) {
        return request.build(); // the platform's default connection
      }
      return request.setConnectionId("sf-1").setConnection(snapshot("sf-1", tenant, Platform.salesforce, true,
          settings)).build();
    }

    private static ConnectionSnapshot snapshot(String id, String tenant, Platform platform, boolean enabled,
        Map<String, String> settings) {
      return ConnectionSnapshot.newBuilder().setConnectionId(id).setTenant(tenant).setPlatform(platform)
          .setEnabled(enabled).setStatus(ConnectionStatus.active).setSettings(settings).build();
    }
  }
}
