package io.baton.router.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConnectorCommand;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationState;
import io.baton.events.ConversationStatus;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverRequested;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.SendVisitorMessage;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorMessage;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.router.RouterTopology;
import io.baton.router.deadletter.DeadLetterOnBadRecord;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The switchboard exactly as production builds it, driven record by record. */
class SwitchboardTopologyTest {
  private static final String KEY = "acme/c-1";
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private TopologyTestDriver driver;
  private TestInputTopic<String, HandoverRequested> handovers;
  private TestInputTopic<String, VisitorEvent> visitors;
  private TestInputTopic<String, BotEvent> bots;
  private TestInputTopic<String, AgentEvent> agents;
  private TestOutputTopic<String, ConversationEvent> log;
  private TestOutputTopic<String, ConnectorCommand> salesforce;
  private int clock;

  @BeforeEach
  void start() {
    RouterConfig config = RouterConfig.defaults();
    Properties props = RouterService.streamsProperties(config, KafkaSettings.of("unused:9092"));
    props.put("processing.guarantee", "at_least_once"); // the driver commits after every record anyway
    driver = new TopologyTestDriver(RouterTopology.build(config), props, T0);
    handovers = input(Topics.HANDOVER_REQUESTS.name(), Topics.HANDOVER_REQUESTS.valueSerde());
    visitors = input(Topics.VISITOR_EVENTS.name(), Topics.VISITOR_EVENTS.valueSerde());
    bots = input(Topics.BOT_EVENTS.name(), Topics.BOT_EVENTS.valueSerde());
    agents = input(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.valueSerde());
    log = driver.createOutputTopic(Topics.CONVERSATION_EVENTS.name(), Serdes.String().deserializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().deserializer());
    salesforce = driver.createOutputTopic(Topics.connectorCommands(Platform.salesforce).name(),
        Serdes.String().deserializer(), Topics.connectorCommands(Platform.salesforce).valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private <V> TestInputTopic<String, V> input(String topic, org.apache.kafka.common.serialization.Serde<V> serde) {
    return driver.createInputTopic(topic, Serdes.String().serializer(), serde.serializer());
  }

  private Instant tick() {
    return T0.plusSeconds(++clock);
  }

  private VisitorEvent visitorSays(String id, String text) {
    return VisitorEvent.newBuilder().setEventId(id).setOccurredAt(tick()).setTenant("acme").setConversationId("c-1")
        .setContext(VisitorContext.newBuilder().setName("Ada").build())
        .setBody(VisitorMessage.newBuilder().setText(text).build()).build();
  }

  private BotEvent botSays(String id, String text) {
    return BotEvent.newBuilder().setEventId(id).setOccurredAt(tick()).setTenant("acme").setConversationId("c-1")
        .setBody(BotMessage.newBuilder().setText(text).build()).build();
  }

  private HandoverRequested handover(String id) {
    return HandoverRequested.newBuilder().setEventId(id).setOccurredAt(tick()).setTenant("acme")
        .setConversationId("c-1").setPlatform(Platform.salesforce)
        .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D").setDeploymentId("572")
            .setButtonId("573").setLiveAgentHostname("la.example").build())
        .setContext(VisitorContext.newBuilder().build()).build();
  }

  private AgentEvent agent(String id, String handoverId, SpecificRecord body) {
    return AgentEvent.newBuilder().setEventId(id).setOccurredAt(tick()).setTenant("acme").setConversationId("c-1")
        .setPlatform(Platform.salesforce).setHandoverId(handoverId).setBody(body).build();
  }

  private <V> void send(TestInputTopic<String, V> topic, V value, Instant at) {
    topic.pipeInput(new TestRecord<>(KEY, value, at));
  }

  private record Logged(long sequence, String cause, Controller controller, ConversationStatus status, Object body) {}

  private List<Logged> logged() {
    return log.readValuesToList().stream().map(e -> {
      assertEquals("acme", e.getTenant());
      assertEquals("c-1", e.getConversationId());
      return new Logged(e.getSequence(), e.getCausationId(), e.getController(), e.getStatus(), e.getBody());
    }).toList();
  }

  @Test
  void aWholeHandoverMovesControlToTheAgentAndBack() {
    send(bots, botSays("b1", "Hi, I am the bot"), T0.plusSeconds(1));
    send(visitors, visitorSays("v1", "I want a human"), T0.plusSeconds(2));
    assertEquals(List.of(
        new Logged(1, "b1", Controller.bot, ConversationStatus.bot, new BotMessage("Hi, I am the bot", List.of(), List.of())),
        new Logged(2, "v1", Controller.bot, ConversationStatus.bot, new VisitorMessage("I want a human", List.of()))),
        logged());
    assertTrue(salesforce.isEmpty(), "while the bot is in control, nothing goes to a connector");

    HandoverRequested request = handover("h1");
    send(handovers, request, T0.plusSeconds(3));
    assertEquals(List.of(new Logged(3, "h1", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce, null))), logged());
    ConnectorCommand start = salesforce.readValue();
    assertEquals("h1", start.getHandoverId());
    assertEquals("h1", start.getCausationId());
    assertEquals(new StartChat(request, List.of(
        new TranscriptEntry(TranscriptRole.bot, "Hi, I am the bot", T0.plusSeconds(1)),
        new TranscriptEntry(TranscriptRole.visitor, "I want a human", T0.plusSeconds(2)))), start.getBody());

    send(bots, botSays("b2", "are you still there?"), T0.plusSeconds(4));
    assertTrue(log.isEmpty(), "the bot does not talk over a live handover");

    send(agents, agent("a1", "h1", new ChatQueued(2, 30)), T0.plusSeconds(5));
    send(agents, agent("a2", "h1", new AgentJoined("Alex", "005")), T0.plusSeconds(6));
    send(visitors, visitorSays("v2", "hello Alex"), T0.plusSeconds(7));
    send(agents, agent("a3", "h1", new AgentMessage("Hi, Alex here", "Alex", List.of())), T0.plusSeconds(8));
    send(agents, agent("a4", "h1", new ChatEnded(EndedBy.agent, null)), T0.plusSeconds(9));
    send(bots, botSays("b3", "Welcome back"), T0.plusSeconds(10));

    assertEquals(List.of(
        new Logged(4, "a1", Controller.agent, ConversationStatus.queued, new ChatQueued(2, 30)),
        new Logged(5, "a2", Controller.agent, ConversationStatus.agent_connected, new AgentJoined("Alex", "005")),
        new Logged(6, "v2", Controller.agent, ConversationStatus.agent_connected, new VisitorMessage("hello Alex", List.of())),
        new Logged(7, "a3", Controller.agent, ConversationStatus.agent_connected, new AgentMessage("Hi, Alex here", "Alex", List.of())),
        new Logged(8, "a4", Controller.agent, ConversationStatus.agent_connected, new ChatEnded(EndedBy.agent, null)),
        new Logged(9, "a4", Controller.bot, ConversationStatus.bot, new ControlReturnedToBot("the chat ended")),
        new Logged(10, "b3", Controller.bot, ConversationStatus.bot, new BotMessage("Welcome back", List.of(), List.of()))),
        logged());
    List<ConnectorCommand> commands = salesforce.readValuesToList();
    assertEquals(1, commands.size());
    assertEquals(new SendVisitorMessage(new VisitorMessage("hello Alex", List.of())), commands.get(0).getBody());
    assertEquals("v2", commands.get(0).getCausationId());

    KeyValueStore<String, ConversationState> store = driver.getKeyValueStore(ConversationSwitchboard.STORE);
    ConversationState state = store.get(KEY);
    assertEquals(10, state.getLastSequence());
    assertEquals(Controller.bot, state.getController());
    assertEquals(null, state.getHandoverId());
    assertEquals("Ada", state.getContext().getName());
  }

  @Test
  void aSecondHandoverWhileOneIsLiveIsRejectedWithoutASecondChat() {
    send(handovers, handover("h1"), T0);
    salesforce.readValuesToList();
    log.readValuesToList();

    send(handovers, handover("h2"), T0.plusSeconds(1));

    assertEquals(List.of(new Logged(2, "h2", Controller.agent, ConversationStatus.handover_requested,
        new HandoverRejected("a handover to salesforce is already live (h1)"))), logged());
    assertTrue(salesforce.isEmpty());
  }

  @Test
  void eventsOfAnEndedHandoverAreIgnoredAndANewHandoverCanStart() {
    send(handovers, handover("h1"), T0);
    send(agents, agent("a1", "h1", new ChatEnded(EndedBy.agent, "done")), T0.plusSeconds(1));
    log.readValuesToList();
    salesforce.readValuesToList();

    send(agents, agent("late", "h1", new AgentMessage("too late", "Alex", List.of())), T0.plusSeconds(2));
    assertTrue(log.isEmpty());

    send(handovers, handover("h2"), T0.plusSeconds(3));
    assertEquals(List.of(new Logged(4, "h2", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce, null))), logged());
    assertEquals("h2", salesforce.readValue().getHandoverId());
  }

  @Test
  void theVisitorLeavingEndsTheChatAtTheHelpdeskAndReturnsControl() {
    send(handovers, handover("h1"), T0);
    log.readValuesToList();
    salesforce.readValuesToList();

    send(visitors, VisitorEvent.newBuilder().setEventId("v9").setOccurredAt(T0).setTenant("acme")
        .setConversationId("c-1").setBody(new VisitorLeft(null)).build(), T0.plusSeconds(1));

    assertEquals(List.of(
        new Logged(2, "v9", Controller.agent, ConversationStatus.handover_requested, new VisitorLeft(null)),
        new Logged(3, "v9", Controller.agent, ConversationStatus.handover_requested, new ChatEnded(EndedBy.visitor, "visitor left")),
        new Logged(4, "v9", Controller.bot, ConversationStatus.bot, new ControlReturnedToBot("the visitor left the chat"))),
        logged());
    assertEquals(new EndChat("visitor left"), salesforce.readValue().getBody());
  }

  @Test
  void anUnreadableRecordGoesToTheDeadLetterTopicAndProcessingGoesOn() {
    TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.VISITOR_EVENTS.name(),
        Serdes.String().serializer(), Serdes.ByteArray().serializer());
    raw.pipeInput(KEY, "not avro".getBytes(StandardCharsets.UTF_8));
    send(visitors, visitorSays("v1", "still here"), T0.plusSeconds(1));

    TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic(Topics.deadLetters(Topics.VISITOR_EVENTS.name()).name(),
        Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    TestRecord<String, byte[]> dead = dlq.readRecord();
    assertEquals(KEY, dead.key());
    assertEquals("not avro", new String(dead.value(), StandardCharsets.UTF_8));
    assertEquals("record on visitor.events.v1 is not in the Confluent Avro wire format (magic byte 0)",
        new String(dead.headers().lastHeader(DeadLetterOnBadRecord.ERROR_HEADER).value(), StandardCharsets.UTF_8));
    assertEquals(List.of(new Logged(1, "v1", Controller.bot, ConversationStatus.bot,
        new VisitorMessage("still here", List.of()))), logged());
  }

  @Test
  void eventIdsAreDerivedFromKeyAndSequenceSoAReplayReproducesThem() {
    send(visitors, visitorSays("v1", "a"), T0);
    ConversationEvent first = log.readValue();
    assertEquals(ConversationSwitchboard.deterministicId(KEY + "#1"), first.getEventId());
    assertEquals(T0, first.getOccurredAt());
  }
}
