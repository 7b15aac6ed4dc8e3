package io.baton.router.switchboard;

import static io.baton.router.switchboard.SwitchboardDriver.KEY;
import static io.baton.router.switchboard.SwitchboardDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentMessage;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Controller;
import io.baton.events.ConversationStatus;
import io.baton.events.DixaHandover;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverRequested;
import io.baton.events.HandoverStarted;
import io.baton.events.InputRejected;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import io.baton.router.deadletter.DeadLetterOnBadRecord;
import io.baton.router.switchboard.SwitchboardDriver.Logged;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear event or a dead letter, and the router goes on. */
class FaultsTopologyTest {
  private final SwitchboardDriver d = new SwitchboardDriver();

  @AfterEach
  void stop() {
    d.close();
  }

  private void connection(String id, String tenant, Platform platform, boolean enabled, ConnectionStatus status,
      Map<String, String> settings) {
    d.connections.pipeInput(id, Connection.newBuilder().setConnectionId(id).setTenant(tenant).setPlatform(platform)
        .setName(id).setEnabled(enabled).setStatus(status).setSettings(settings).setUpdatedAt(T0).build());
  }

  private HandoverRejected rejectedWith(HandoverRequested request) {
    d.send(d.handovers, request);
    List<Logged> logged = d.logged();
    assertEquals(1, logged.size());
    assertEquals(Controller.bot, logged.get(0).controller());
    assertTrue(d.salesforce.isEmpty(), "no chat is opened at the helpdesk");
    return (HandoverRejected) logged.get(0).body();
  }

  @Test
  void aHandoverNamingAnUnknownDisabledForeignOrMismatchedConnectionIsRejected() {
    connection("sf-off", "acme", Platform.salesforce, false, ConnectionStatus.active, Map.of());
    connection("sf-other", "globex", Platform.salesforce, true, ConnectionStatus.active, Map.of());
    connection("dixa-1", "acme", Platform.dixa, true, ConnectionStatus.active, Map.of());
    connection("sf-deleted", "acme", Platform.salesforce, true, ConnectionStatus.deleted, Map.of());

    assertEquals(new HandoverRejected("unknown connection sf-9"),
        rejectedWith(SwitchboardDriver.handoverRequest("h1").setConnectionId("sf-9").build()));
    assertEquals(new HandoverRejected("connection sf-off is not active"),
        rejectedWith(SwitchboardDriver.handoverRequest("h2").setConnectionId("sf-off").build()));
    assertEquals(new HandoverRejected("unknown connection sf-other"),
        rejectedWith(SwitchboardDriver.handoverRequest("h3").setConnectionId("sf-other").build()));
    assertEquals(new HandoverRejected("connection dixa-1 is for dixa, not salesforce"),
        rejectedWith(SwitchboardDriver.handoverRequest("h4").setConnectionId("dixa-1").build()));
    assertEquals(new HandoverRejected("connection sf-deleted is not active"),
        rejectedWith(SwitchboardDriver.handoverRequest("h5").setConnectionId("sf-deleted").build()));
  }

  @Test
  void aDeletedConnectionIsForgottenAndAKnownOneIsUsed() {
    connection("sf-1", "acme", Platform.salesforce, true, ConnectionStatus.active, Map.of());
    d.handover("h0"); // without a connection id: the platform's default connection, not checked here
    d.drain();
    d.send(d.agents, io.baton.events.AgentEvent.newBuilder().setEventId("e").setOccurredAt(T0).setTenant("acme")
        .setConversationId("c-1").setPlatform(Platform.salesforce).setHandoverId("h0")
        .setBody(new io.baton.events.ChatEnded(io.baton.events.EndedBy.agent, null)).build());
    d.drain();

    d.send(d.handovers, SwitchboardDriver.handoverRequest("h1").setConnectionId("sf-1").build());
    assertEquals(List.of(new Logged(4, "h1", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce, "sf-1"))), d.logged());
    assertEquals("sf-1", d.salesforce.readValue().getConnectionId());

    d.connections.pipeInput("sf-1", (Connection) null);
    d.agent("a1", "h1", new io.baton.events.ChatEnded(io.baton.events.EndedBy.agent, null));
    d.drain();
    assertEquals(new HandoverRejected("unknown connection sf-1"),
        rejectedWith(SwitchboardDriver.handoverRequest("h2").setConnectionId("sf-1").build()));
  }

  @Test
  void aPayloadForAnotherPlatformIsRejected() {
    assertEquals(new HandoverRejected("the payload is a DixaHandover, not one for salesforce"),
        rejectedWith(SwitchboardDriver.handoverRequest("h1")
            .setPayload(DixaHandover.newBuilder().setWidgetId("w").build()).build()));
  }

  @Test
  void anAgentEventForAConversationThatDoesNotExistIsAClearEvent() {
    d.agent("a1", "h-unknown", new AgentMessage("hello?", "Alex", List.of()));
    assertEquals(List.of(new Logged(1, "a1", Controller.bot, ConversationStatus.bot, new InputRejected("AgentMessage",
        "handover h-unknown is not live: no handover is live in this conversation"))), d.logged());
    assertTrue(d.salesforce.isEmpty());
  }

  @Test
  void aRecordWithAnInvalidKeyIsSkippedAndProcessingGoesOn() {
    d.visitors.pipeInput(new TestRecord<>("no-slash", null, T0));
    d.visitorSays("v1", "still here");
    assertEquals(List.of(new Logged(1, "v1", Controller.bot, ConversationStatus.bot,
        new VisitorMessage("still here", List.of()))), d.logged());
  }

  @Test
  void anUnreadableRecordGoesToTheDeadLetterTopicAndProcessingGoesOn() {
    TestInputTopic<String, byte[]> raw = d.driver.createInputTopic(Topics.VISITOR_EVENTS.name(),
        Serdes.String().serializer(), Serdes.ByteArray().serializer());
    raw.pipeInput(KEY, "not avro".getBytes(StandardCharsets.UTF_8));
    d.visitorSays("v1", "still here");

    TestRecord<String, byte[]> dead = deadLetters(Topics.VISITOR_EVENTS.name()).readRecord();
    assertEquals(KEY, dead.key());
    assertEquals("not avro", new String(dead.value(), StandardCharsets.UTF_8));
    assertEquals("record on visitor.events.v1 is not in the Confluent Avro wire format (magic byte 0)",
        new String(dead.headers().lastHeader(DeadLetterOnBadRecord.ERROR_HEADER).value(), StandardCharsets.UTF_8));
    assertEquals(List.of(new Logged(1, "v1", Controller.bot, ConversationStatus.bot,
        new VisitorMessage("still here", List.of()))), d.logged());
  }

  @Test
  void aHandoverForAnUnknownPlatformIsADeadLetter() {
    byte[] unknownPlatform = withUnknownPlatform();
    TestInputTopic<String, byte[]> raw = d.driver.createInputTopic(Topics.HANDOVER_REQUESTS.name(),
        Serdes.String().serializer(), Serdes.ByteArray().serializer());
    raw.pipeInput(KEY, unknownPlatform);
    d.handover("h2");

    TestRecord<String, byte[]> dead = deadLetters(Topics.HANDOVER_REQUESTS.name()).readRecord();
    assertEquals(KEY, dead.key());
    String reason = new String(dead.headers().lastHeader(DeadLetterOnBadRecord.ERROR_HEADER).value(),
        StandardCharsets.UTF_8);
    assertEquals("cannot read HandoverRequested (schema id 1) from handover.requests.v1: "
        + "Index 63 out of bounds for length 10", reason);
    assertEquals(List.of(new Logged(1, "h2", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce, null))), d.logged());
    assertTrue(d.salesforce.readValue().getBody() instanceof StartChat);
  }

  /** A handover request whose platform enum index is beyond the known platforms, as a newer writer might send. */
  private static byte[] withUnknownPlatform() {
    var serializer = Topics.HANDOVER_REQUESTS.valueSerde().serializer();
    byte[] first = serializer.serialize("t", SwitchboardDriver.handoverRequest("h1").build());
    byte[] second = serializer.serialize("t", SwitchboardDriver.handoverRequest("h1")
        .setPlatform(Platform.salesforce_miaw).build());
    assertEquals(first.length, second.length);
    int at = 0;
    while (first[at] == second[at]) {
      at++;
    }
    assertNotEquals(0, at);
    first[at] = 0x7e; // enum index 63
    return first;
  }

  private TestOutputTopic<String, byte[]> deadLetters(String topic) {
    return d.driver.createOutputTopic(Topics.deadLetters(topic).name(), Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer());
  }
}
