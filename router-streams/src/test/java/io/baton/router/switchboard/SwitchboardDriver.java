package io.baton.router.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.events.AgentEvent;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.ConnectorCommand;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationInput;
import io.baton.events.ConversationState;
import io.baton.events.ConversationStatus;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.TimerFired;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.events.VisitorTyping;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.router.RouterTopology;
import io.baton.topics.ConversationInputs;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology in a TopologyTestDriver, with the inputs of one conversation ({@code acme/c-1}). One clock
 * for records and the wall: each input is a second after the previous one, and timers that the punctuator fires on
 * the way are piped back into the input topic, as the production firings producer does.
 */
final class SwitchboardDriver implements AutoCloseable {
  static final String KEY = "acme/c-1";
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  final TopologyTestDriver driver;
  final TestInputTopic<String, ConversationInput> inputs;
  final TestOutputTopic<String, ConversationEvent> log;
  final TestOutputTopic<String, ConnectorCommand> salesforce;
  /** Every timer firing the punctuator wrote, in order. */
  final List<TestRecord<String, ConversationInput>> firings = new ArrayList<>();
  private final List<TestRecord<String, ConversationInput>> unpiped = new ArrayList<>();
  private Instant clock = T0;

  SwitchboardDriver(RouterConfig config) {
    driver = new TopologyTestDriver(RouterTopology.build(config, this::fired), properties(config), T0);
    inputs = driver.createInputTopic(Topics.CONVERSATION_INPUTS.name(), Serdes.String().serializer(),
        Topics.CONVERSATION_INPUTS.valueSerde().serializer());
    log = driver.createOutputTopic(Topics.CONVERSATION_EVENTS.name(), Serdes.String().deserializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().deserializer());
    salesforce = commands(Platform.salesforce);
  }

  SwitchboardDriver() {
    this(RouterConfig.defaults());
  }

  /** The service's properties, with a state directory of its own (several drivers may be open at once). */
  static Properties properties(RouterConfig config) {
    Properties props = RouterService.streamsProperties(config, KafkaSettings.of("unused:9092"));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once"); // the driver commits after every record
    try {
      props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("router-driver").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props;
  }

  private void fired(String key, TimerFired firing, long timestamp) {
    unpiped.add(new TestRecord<>(key, ConversationInputs.of(firing), Instant.ofEpochMilli(timestamp)));
  }

  TestOutputTopic<String, ConnectorCommand> commands(Platform platform) {
    return driver.createOutputTopic(Topics.connectorCommands(platform).name(), Serdes.String().deserializer(),
        Topics.connectorCommands(platform).valueSerde().deserializer());
  }

  @Override
  public void close() {
    driver.close();
  }

  Instant now() {
    return clock;
  }

  /** Each input one second after the previous one. */
  Instant tick() {
    advanceWallClock(Duration.ofSeconds(1));
    return clock;
  }

  /** Moves the clock; timers that come due are fired (the punctuator) and their firings processed (the router). */
  void advanceWallClock(Duration d) {
    clock = clock.plus(d);
    driver.advanceWallClockTime(d);
    while (!unpiped.isEmpty()) {
      TestRecord<String, ConversationInput> firing = unpiped.remove(0);
      firings.add(firing);
      inputs.pipeInput(firing);
    }
  }

  /** Any router input of this conversation. */
  void send(SpecificRecord input) {
    inputs.pipeInput(new TestRecord<>(KEY, ConversationInputs.of(input), tick()));
  }

  void visitorSays(String id, String text) {
    tick();
    inputs.pipeInput(new TestRecord<>(KEY, ConversationInputs.of(VisitorEvent.newBuilder().setEventId(id)
        .setOccurredAt(clock).setTenant("acme").setConversationId("c-1")
        .setContext(VisitorContext.newBuilder().setName("Ada").build())
        .setBody(VisitorMessage.newBuilder().setText(text).build()).build()), clock));
  }

  /** A visitor message that arrived through a platform inbox (the channel) rather than the web widget. */
  void visitorSaysIn(Platform channel, String connectionId, String id, String text) {
    send(VisitorEvent.newBuilder().setEventId(id).setOccurredAt(clock).setTenant("acme")
        .setConversationId("c-1").setChannel(channel).setChannelConnectionId(connectionId)
        .setBody(VisitorMessage.newBuilder().setText(text).build()).build());
  }

  void visitor(String id, SpecificRecord body) {
    send(VisitorEvent.newBuilder().setEventId(id).setOccurredAt(clock).setTenant("acme")
        .setConversationId("c-1").setBody(body).build());
  }

  void visitorTyping(String id, boolean typing) {
    visitor(id, new VisitorTyping(typing));
  }

  void botSays(String id, String text) {
    send(BotEvent.newBuilder().setEventId(id).setOccurredAt(clock).setTenant("acme").setConversationId("c-1")
        .setBody(BotMessage.newBuilder().setText(text).build()).build());
  }

  static HandoverRequested.Builder handoverRequest(String id) {
    return HandoverRequested.newBuilder().setEventId(id).setOccurredAt(T0).setTenant("acme")
        .setConversationId("c-1").setPlatform(Platform.salesforce)
        .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D").setDeploymentId("572")
            .setButtonId("573").setLiveAgentHostname("la.example").build())
        .setContext(VisitorContext.newBuilder().build());
  }

  /** The connection as the ingress stamps it on a handover request. */
  static ConnectionSnapshot connection(String id, String tenant, Platform platform, boolean enabled,
      ConnectionStatus status, Map<String, String> settings) {
    return ConnectionSnapshot.newBuilder().setConnectionId(id).setTenant(tenant).setPlatform(platform)
        .setEnabled(enabled).setStatus(status).setSettings(settings).build();
  }

  /** A request naming an active acme Salesforce connection {@code sf-1} with these settings. */
  static HandoverRequested.Builder handoverOn(String id, Map<String, String> settings) {
    return handoverRequest(id).setConnectionId("sf-1")
        .setConnection(connection("sf-1", "acme", Platform.salesforce, true, ConnectionStatus.active, settings));
  }

  void handover(String id) {
    send(handoverRequest(id).build());
  }

  void agent(String id, String handoverId, SpecificRecord body) {
    send(AgentEvent.newBuilder().setEventId(id).setOccurredAt(clock).setTenant("acme")
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

  /** Commands to Salesforce since the last read; their sequences must go on from the last command's without a gap. */
  List<Sent> sent() {
    return salesforce.readValuesToList().stream().map(c -> {
      assertEquals(Platform.salesforce, c.getPlatform());
      assertEquals(ConversationSwitchboard.deterministicId(KEY + "#command#" + c.getCausationId()), c.getEventId());
      assertEquals(++salesforceSequence, c.getSequence(), "commands to a platform are numbered 1, 2, 3, ...");
      return new Sent(c.getCausationId(), c.getHandoverId(), c.getBody());
    }).toList();
  }

  private long salesforceSequence;

  /** Replaces the conversation's stored state (a state as an older router wrote it). */
  void putState(ConversationState state) {
    driver.<String, ConversationState>getKeyValueStore(ConversationSwitchboard.STORE).put(KEY, state);
  }

  ConversationState state() {
    return driver.<String, ConversationState>getKeyValueStore(ConversationSwitchboard.STORE).get(KEY);
  }

  /** Forgets what was output so far. */
  void drain() {
    log.readValuesToList();
    sent();
  }
}
