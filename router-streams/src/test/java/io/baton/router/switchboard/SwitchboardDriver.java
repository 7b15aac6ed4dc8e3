package io.baton.router.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.events.AgentEvent;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.Connection;
import io.baton.events.ConnectorCommand;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationState;
import io.baton.events.ConversationStatus;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.events.VisitorTyping;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.router.RouterTopology;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology in a TopologyTestDriver, with the inputs of one conversation ({@code acme/c-1}). */
final class SwitchboardDriver implements AutoCloseable {
  static final String KEY = "acme/c-1";
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  final TopologyTestDriver driver;
  final TestInputTopic<String, HandoverRequested> handovers;
  final TestInputTopic<String, VisitorEvent> visitors;
  final TestInputTopic<String, BotEvent> bots;
  final TestInputTopic<String, AgentEvent> agents;
  final TestInputTopic<String, Connection> connections;
  final TestOutputTopic<String, ConversationEvent> log;
  final TestOutputTopic<String, ConnectorCommand> salesforce;
  private Instant clock = T0;

  SwitchboardDriver(RouterConfig config) {
    Properties props = RouterService.streamsProperties(config, KafkaSettings.of("unused:9092"));
    props.put("processing.guarantee", "at_least_once"); // the driver commits after every record anyway
    driver = new TopologyTestDriver(RouterTopology.build(config), props, T0);
    handovers = input(Topics.HANDOVER_REQUESTS.name(), Topics.HANDOVER_REQUESTS.valueSerde());
    visitors = input(Topics.VISITOR_EVENTS.name(), Topics.VISITOR_EVENTS.valueSerde());
    bots = input(Topics.BOT_EVENTS.name(), Topics.BOT_EVENTS.valueSerde());
    agents = input(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.valueSerde());
    connections = input(Topics.CONNECTIONS.name(), Topics.CONNECTIONS.valueSerde());
    log = driver.createOutputTopic(Topics.CONVERSATION_EVENTS.name(), Serdes.String().deserializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().deserializer());
    salesforce = commands(Platform.salesforce);
  }

  SwitchboardDriver() {
    this(RouterConfig.defaults());
  }

  TestOutputTopic<String, ConnectorCommand> commands(Platform platform) {
    return driver.createOutputTopic(Topics.connectorCommands(platform).name(), Serdes.String().deserializer(),
        Topics.connectorCommands(platform).valueSerde().deserializer());
  }

  private <V> TestInputTopic<String, V> input(String topic, Serde<V> serde) {
    return driver.createInputTopic(topic, Serdes.String().serializer(), serde.serializer());
  }

  @Override
  public void close() {
    driver.close();
  }

  /** Each input one second after the previous one (record time; timers run on the driver's wall clock). */
  Instant tick() {
    clock = clock.plusSeconds(1);
    return clock;
  }

  void advanceWallClock(Duration d) {
    driver.advanceWallClockTime(d);
  }

  <V> void send(TestInputTopic<String, V> topic, V value) {
    topic.pipeInput(new TestRecord<>(KEY, value, tick()));
  }

  void visitorSays(String id, String text) {
    send(visitors, VisitorEvent.newBuilder().setEventId(id).setOccurredAt(clock).setTenant("acme")
        .setConversationId("c-1").setContext(VisitorContext.newBuilder().setName("Ada").build())
        .setBody(VisitorMessage.newBuilder().setText(text).build()).build());
  }

  /** A visitor message that arrived through a platform inbox (the channel) rather than the web widget. */
  void visitorSaysIn(Platform channel, String connectionId, String id, String text) {
    send(visitors, VisitorEvent.newBuilder().setEventId(id).setOccurredAt(clock).setTenant("acme")
        .setConversationId("c-1").setChannel(channel).setChannelConnectionId(connectionId)
        .setBody(VisitorMessage.newBuilder().setText(text).build()).build());
  }

  void visitor(String id, SpecificRecord body) {
    send(visitors, VisitorEvent.newBuilder().setEventId(id).setOccurredAt(clock).setTenant("acme")
        .setConversationId("c-1").setBody(body).build());
  }

  void visitorTyping(String id, boolean typing) {
    visitor(id, new VisitorTyping(typing));
  }

  void botSays(String id, String text) {
    send(bots, BotEvent.newBuilder().setEventId(id).setOccurredAt(clock).setTenant("acme").setConversationId("c-1")
        .setBody(BotMessage.newBuilder().setText(text).build()).build());
  }

  static HandoverRequested.Builder handoverRequest(String id) {
    return HandoverRequested.newBuilder().setEventId(id).setOccurredAt(T0).setTenant("acme")
        .setConversationId("c-1").setPlatform(Platform.salesforce)
        .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D").setDeploymentId("572")
            .setButtonId("573").setLiveAgentHostname("la.example").build())
        .setContext(VisitorContext.newBuilder().build());
  }

  void handover(String id) {
    send(handovers, handoverRequest(id).build());
  }

  void agent(String id, String handoverId, SpecificRecord body) {
    send(agents, AgentEvent.newBuilder().setEventId(id).setOccurredAt(clock).setTenant("acme")
        .setConversationId("c-1").setPlatform(Platform.salesforce).setHandoverId(handoverId).setBody(body).build());
  }

  record Logged(long sequence, String cause, Controller controller, ConversationStatus status, Object body) {}

  List<Logged> logged() {
    return log.readValuesToList().stream().map(e -> {
      assertEquals("acme", e.getTenant());
      assertEquals("c-1", e.getConversationId());
      return new Logged(e.getSequence(), e.getCausationId(), e.getController(), e.getStatus(), e.getBody());
    }).toList();
  }

  record Sent(String cause, String handoverId, Object body) {}

  List<Sent> sent() {
    return salesforce.readValuesToList().stream().map(c -> {
      assertEquals(Platform.salesforce, c.getPlatform());
      assertEquals(ConversationSwitchboard.deterministicId(KEY + "#command#" + c.getCausationId()), c.getEventId());
      return new Sent(c.getCausationId(), c.getHandoverId(), c.getBody());
    }).toList();
  }

  ConversationState state() {
    return driver.<String, ConversationState>getKeyValueStore(ConversationSwitchboard.STORE).get(KEY);
  }

  /** Forgets what was output so far. */
  void drain() {
    log.readValuesToList();
    salesforce.readValuesToList();
  }
}
